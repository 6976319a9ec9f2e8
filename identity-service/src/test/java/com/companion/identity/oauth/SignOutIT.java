package com.companion.identity.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.identity.support.IdentityClient;
import com.companion.identity.support.IdentityClient.Browser;
import com.companion.identity.support.IdentityClient.Reply;
import com.companion.identity.support.IdentityIT;
import com.companion.testkit.PkceSignIn.Pkce;
import com.companion.testkit.PkceSignIn.Tokens;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real sign-out (OpenID Connect RP-Initiated Logout 1.0): the app revokes its refresh token, then
 * sends the browser to the end-session endpoint, which ends this service's own sign-in session, so
 * the next person on the same device is asked for a password rather than handed the account.
 */
class SignOutIT extends IdentityIT {

  private static final String PASSWORD = "copper kettle harbour";

  private String newAccount() {
    return newAdult("signout", PASSWORD);
  }

  @Test
  void discoveryAdvertisesTheEndSessionAndRevocationEndpoints() {
    Reply discovery = client.json("GET", "/.well-known/openid-configuration", null, "");
    assertThat(discovery.status()).isEqualTo(200);
    assertThat(discovery.json().path("end_session_endpoint").asString())
        .isEqualTo(BASE + "/connect/logout");
    assertThat(discovery.json().path("revocation_endpoint").asString())
        .isEqualTo(BASE + "/oauth2/revoke");
  }

  @Test
  void signingOutEndsTheSignInSessionSoTheNextSignInAsksForThePassword() {
    String name = newAccount();
    Browser browser = client.browser();
    Tokens tokens = app.signIn(browser.http(), name, PASSWORD);
    assertThat(tokens.idToken()).as("the openid scope brings an ID token").isNotBlank();

    // still signed in at the identity service: a new authorization request gets a code at once
    Reply before = authorizeAgain(browser, Pkce.create());
    assertThat(before.status()).isEqualTo(302);
    assertThat(before.location()).startsWith(IdentityClient.REDIRECT + "?code=");

    // the web app's sign-out: revoke the refresh token, then the end-session request
    Reply revoked =
        client.revoke(
            Map.of(
                "token",
                tokens.refreshToken(),
                "token_type_hint",
                "refresh_token",
                "client_id",
                IdentityClient.CLIENT_ID));
    assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
    Reply signedOut =
        browser.get(
            client.endSessionUrl(
                tokens.idToken(), IdentityClient.CLIENT_ID, IdentityClient.SIGNED_OUT));
    assertThat(signedOut.status()).as(signedOut.body()).isEqualTo(302);
    assertThat(signedOut.location()).isEqualTo(IdentityClient.SIGNED_OUT + "?state=signed-out");

    // the same browser, same cookies: now the sign-in form, not a code
    Reply after = authorizeAgain(browser, Pkce.create());
    assertThat(after.status()).isEqualTo(302);
    assertThat(after.location()).endsWith("/login");
    assertThat(client.refresh(tokens.refreshToken()).status()).isEqualTo(400);
  }

  @Test
  void afterARefreshTheSignInIsKnownByItsNewestIdToken() {
    String name = newAccount();
    Browser browser = client.browser();
    Tokens tokens = app.signIn(browser.http(), name, PASSWORD);
    Reply refreshed = client.refresh(tokens.refreshToken());
    assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
    String newest = refreshed.json().path("id_token").asString(null);
    assertThat(newest).as("a refresh brings a new ID token").isNotBlank();

    // which is why the web app keeps the ID token of every refresh
    Reply stale =
        browser.get(
            client.endSessionUrl(
                tokens.idToken(), IdentityClient.CLIENT_ID, IdentityClient.SIGNED_OUT));
    assertThat(stale.status()).isEqualTo(400);
    assertThat(stale.json().path("error").asString()).isEqualTo("invalid_token");

    Reply signedOut =
        browser.get(
            client.endSessionUrl(newest, IdentityClient.CLIENT_ID, IdentityClient.SIGNED_OUT));
    assertThat(signedOut.status()).as(signedOut.body()).isEqualTo(302);
    assertThat(authorizeAgain(browser, Pkce.create()).location()).endsWith("/login");
  }

  @Test
  void aLoopbackPostLogoutRedirectMayUseAnyPort() {
    String name = newAccount();
    Browser browser = client.browser();
    Tokens tokens = app.signIn(browser.http(), name, PASSWORD);
    // registered as http://127.0.0.1:8080/signed-out; the web app's edge may listen elsewhere
    String back = "http://127.0.0.1:51234/signed-out";
    Reply signedOut =
        browser.get(client.endSessionUrl(tokens.idToken(), IdentityClient.CLIENT_ID, back));
    assertThat(signedOut.status()).as(signedOut.body()).isEqualTo(302);
    assertThat(signedOut.location()).isEqualTo(back + "?state=signed-out");
    assertThat(authorizeAgain(browser, Pkce.create()).location()).endsWith("/login");
  }

  @Test
  void anUnregisteredPostLogoutRedirectIsRefusedAndTheSessionLives() {
    String name = newAccount();
    Browser browser = client.browser();
    Tokens tokens = app.signIn(browser.http(), name, PASSWORD);

    for (String elsewhere :
        new String[] {
          "https://evil.example/signed-out",
          "http://127.0.0.1:8080/signed-out/../../evil",
          "http://127.0.0.1:8080/signed-out#fragment",
          "http://localhost:9999/signed-out",
          IdentityClient.REDIRECT
        }) {
      Reply refused =
          browser.get(client.endSessionUrl(tokens.idToken(), IdentityClient.CLIENT_ID, elsewhere));
      assertThat(refused.status()).as(elsewhere).isEqualTo(400);
      assertThat(refused.location()).as("never redirected to " + elsewhere).isNull();
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(refused.json().path("error").asString()).isEqualTo("invalid_request");
    }
    // the ID token names the app it was issued to: another app's name is refused
    Reply otherClient =
        browser.get(
            client.endSessionUrl(
                tokens.idToken(), IdentityClient.OTHER_CLIENT_ID, IdentityClient.SIGNED_OUT));
    assertThat(otherClient.status()).isEqualTo(400);
    // so is an ID token this service never issued
    Reply forged =
        browser.get(
            client.endSessionUrl(
                tokens.idToken() + "x", IdentityClient.CLIENT_ID, IdentityClient.SIGNED_OUT));
    assertThat(forged.status()).isEqualTo(400);
    assertThat(forged.json().path("error").asString()).isEqualTo("invalid_token");

    // none of those ended the session
    assertThat(authorizeAgain(browser, Pkce.create()).location())
        .startsWith(IdentityClient.REDIRECT + "?code=");
  }
}
