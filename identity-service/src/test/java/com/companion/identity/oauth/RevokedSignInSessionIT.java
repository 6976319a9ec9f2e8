package com.companion.identity.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.identity.support.IdentityClient;
import com.companion.identity.support.IdentityClient.Browser;
import com.companion.identity.support.IdentityClient.Reply;
import com.companion.identity.support.IdentityIT;
import com.companion.testkit.Infra;
import com.companion.testkit.PkceSignIn;
import com.companion.testkit.PkceSignIn.Pkce;
import com.companion.testkit.PkceSignIn.Tokens;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A sign-in the server revoked by itself (a reused refresh token, a deleted account) cannot be
 * ended through {@code /connect/logout}: the ID token hint names an authorization that is gone. So
 * the service ends the user's sign-in sessions itself: the same browser, with the same cookie, is
 * sent to the sign-in form, and a deleted account never gets another code or token.
 */
class RevokedSignInSessionIT extends IdentityIT {

  private static final String PASSWORD = "copper kettle harbour";

  private String newAccount() {
    return newAdult("revoked", PASSWORD);
  }

  @Test
  void aDeletedAccountsSignInSessionEndsAndGetsNoCodeOrToken() {
    String name = newAccount();
    Browser browser = client.browser();
    Tokens tokens = app.signIn(browser.http(), name, PASSWORD);
    // a code the app got just before the deletion, not yet exchanged
    Pkce earlier = Pkce.create();
    Reply before = authorizeAgain(browser, earlier);
    assertThat(before.location()).startsWith(IdentityClient.REDIRECT + "?code=");
    String earlierCode = PkceSignIn.query(before.location()).get("code");

    assertThat(client.delete("/v1/me", tokens.accessToken()).status()).isEqualTo(204);

    // the end-session endpoint no longer knows the sign-in, so it cannot end the session ...
    Reply logout =
        browser.get(
            client.endSessionUrl(
                tokens.idToken(), IdentityClient.CLIENT_ID, IdentityClient.SIGNED_OUT));
    assertThat(logout.status()).isEqualTo(400);
    // ... and it need not: the same cookie now leads to the sign-in form, not to a code
    Reply after = authorizeAgain(browser, Pkce.create());
    assertThat(after.status()).isEqualTo(302);
    assertThat(after.location()).endsWith("/login");
    // nothing issued before the deletion buys a token
    HttpResponse<String> exchanged =
        app.exchange(earlierCode, earlier.verifier(), IdentityClient.REDIRECT);
    assertThat(exchanged.statusCode()).isEqualTo(400);
    assertThat(exchanged.body()).contains("invalid_grant");
    assertThat(client.refresh(tokens.refreshToken()).status()).isEqualTo(400);
    // and the password no longer signs anyone in
    assertThat(browser.login(name, PASSWORD).location()).endsWith("/login?error");
  }

  @Test
  void aSessionThatOutlivedItsAccountGetsNoCode() {
    String name = newAccount();
    Browser browser = client.browser();
    Tokens tokens = app.signIn(browser.http(), name, PASSWORD);
    // the account goes while its session stays (as when Redis could not be reached to end it)
    String accountId = subject(tokens.accessToken());
    new JdbcTemplate(Infra.dataSource())
        .update("delete from identity.account where id = ?::uuid", accountId);

    Reply after = authorizeAgain(browser, Pkce.create());
    assertThat(after.status()).isEqualTo(302);
    assertThat(after.location()).endsWith("/login");
    // no authorization was stored for the account, as a code would have been
    assertThat(
            new JdbcTemplate(Infra.dataSource())
                .queryForObject(
                    "select count(*) from identity.oauth2_authorization"
                        + " where principal_name = ? and authorization_code_value is not null"
                        + " and access_token_value is null",
                    Integer.class,
                    accountId))
        .isZero();
  }

  private static String subject(String jwt) {
    String payload =
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    Matcher sub = Pattern.compile("\"sub\"\\s*:\\s*\"([^\"]+)\"").matcher(payload);
    assertThat(sub.find()).as(payload).isTrue();
    return sub.group(1);
  }

  @Test
  void aReusedRefreshTokenEndsTheUsersSignInSessions() {
    String name = newAccount();
    Browser browser = client.browser();
    Tokens tokens = app.signIn(browser.http(), name, PASSWORD);
    Reply rotated = client.refresh(tokens.refreshToken());
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    assertThat(authorizeAgain(browser, Pkce.create()).location())
        .startsWith(IdentityClient.REDIRECT + "?code=");

    // the old refresh token again: a copy is in someone else's hands, the sign-in is revoked
    Reply reused = client.refresh(tokens.refreshToken());
    assertThat(reused.status()).isEqualTo(400);
    assertThat(reused.json().path("error").asString()).isEqualTo("invalid_grant");

    // the browser that signed in is asked for the password again, though its logout request
    // would be refused (the newest ID token names an authorization that is gone)
    String newestIdToken = rotated.json().path("id_token").asString();
    Reply logout =
        browser.get(
            client.endSessionUrl(
                newestIdToken, IdentityClient.CLIENT_ID, IdentityClient.SIGNED_OUT));
    assertThat(logout.status()).isEqualTo(400);
    Reply after = authorizeAgain(browser, Pkce.create());
    assertThat(after.status()).isEqualTo(302);
    assertThat(after.location()).endsWith("/login");
    // signing in again works, with the password
    assertThat(app.signIn(browser.http(), name, PASSWORD).accessToken()).isNotBlank();
  }
}
