package com.companion.identity.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.identity.keys.SigningKeys;
import com.companion.identity.support.IdentityClient;
import com.companion.identity.support.IdentityClient.Browser;
import com.companion.identity.support.IdentityClient.Reply;
import com.companion.identity.support.IdentityIT;
import com.companion.platform.auth.JwtProperties;
import com.companion.platform.auth.TokenVerifier;
import com.companion.testkit.PkceSignIn;
import com.companion.testkit.PkceSignIn.Pkce;
import com.companion.testkit.PkceSignIn.Tokens;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class PkceSignInIT extends IdentityIT {

  private static final String PASSWORD = "violet meadow lantern";

  @Autowired SigningKeys keys;

  private String newAccount() {
    String name = IdentityClient.uniqueName("pkce");
    assertThat(client.signUp(name, PASSWORD, "1995-03-03", null).status()).isEqualTo(201);
    return name;
  }

  @Test
  void discoveryAndJwksArePublished() {
    Reply discovery = client.json("GET", "/.well-known/openid-configuration", null, "");
    assertThat(discovery.status()).isEqualTo(200);
    assertThat(discovery.json().path("issuer").asString()).isEqualTo(BASE);
    assertThat(discovery.json().path("jwks_uri").asString()).isEqualTo(BASE + "/oauth2/jwks");
    assertThat(discovery.json().path("code_challenge_methods_supported").toString())
        .contains("S256");
    Reply jwks = client.json("GET", "/oauth2/jwks", null, "");
    assertThat(jwks.json().path("keys").get(0).path("kty").asString()).isEqualTo("RSA");
    assertThat(jwks.body()).doesNotContain("\"d\"");
  }

  @Test
  void codeWithPkceThenRotatingRefreshTokensAndReuseRevokesTheFamily() throws Exception {
    String name = newAccount();
    Browser browser = client.browser();
    Pkce pkce = Pkce.create();

    Reply toLogin = browser.get(app.authorizeUrl(pkce, "s1", IdentityClient.REDIRECT));
    assertThat(toLogin.status()).isEqualTo(302);
    assertThat(toLogin.location()).endsWith("/login");

    Reply signedIn = browser.login(name, PASSWORD);
    assertThat(signedIn.status()).isEqualTo(302);
    assertThat(signedIn.location()).contains("/oauth2/authorize");

    Reply back = browser.get(signedIn.location());
    assertThat(back.status()).isEqualTo(302);
    assertThat(back.location()).startsWith(IdentityClient.REDIRECT + "?code=");
    String code = PkceSignIn.query(back.location()).get("code");
    assertThat(PkceSignIn.query(back.location()).get("state")).isEqualTo("s1");

    // the code needs the verifier: a wrong one is refused, as problem+json with the OAuth error
    Reply wrongVerifier =
        Reply.of(app.exchange(code, Pkce.create().verifier(), IdentityClient.REDIRECT));
    assertThat(wrongVerifier.status()).isEqualTo(400);
    assertThat(wrongVerifier.contentType()).startsWith("application/problem+json");
    assertThat(wrongVerifier.json().path("error").asString()).isEqualTo("invalid_grant");

    // the failed attempt does not burn the code for the real client... but codes are single use:
    // the wrong verifier above may have invalidated it, so go through the flow again
    Tokens tokens = app.signIn(name, PASSWORD);
    assertThat(tokens.refreshToken()).isNotBlank();

    PlatformPrincipal principal = verifierFor(BASE).verify(tokens.accessToken());
    assertThat(principal.product()).isEqualTo("glow");
    assertThat(principal.ageGroup().claimValue()).isEqualTo("adult");
    assertThat(principal.roles()).extracting(r -> r.claimValue()).containsExactly("user");
    SignedJWT jwt = SignedJWT.parse(tokens.accessToken());
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    assertThat(jwt.getJWTClaimsSet().getStringClaim("guardian_consent")).isEqualTo("not_required");
    assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("companion-apps");

    // refresh: a new refresh token each time
    Reply first = client.refresh(tokens.refreshToken());
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    String rotated = first.json().path("refresh_token").asString();
    assertThat(rotated).isNotBlank().isNotEqualTo(tokens.refreshToken());
    verifierFor(BASE).verify(first.json().path("access_token").asString());

    // the old one again: refused, and the whole sign-in is revoked (the new one too)
    Reply reuse = client.refresh(tokens.refreshToken());
    assertThat(reuse.status()).isEqualTo(400);
    assertThat(reuse.contentType()).startsWith("application/problem+json");
    assertThat(reuse.json().path("error").asString()).isEqualTo("invalid_grant");
    assertThat(client.refresh(rotated).status()).isEqualTo(400);
  }

  @Test
  void aPublicClientRevokesItsRefreshTokenOnSignOutAndItIsRefusedAfterwards() {
    String name = newAccount();
    Tokens tokens = app.signIn(name, PASSWORD);
    String refreshToken = tokens.refreshToken();

    // a revocation must name the client it comes from
    Reply anonymous = client.revoke(Map.of("token", refreshToken));
    assertThat(anonymous.status()).isEqualTo(401);
    Reply unknownClient = client.revoke(Map.of("token", refreshToken, "client_id", "no-such-app"));
    assertThat(unknownClient.status()).isEqualTo(401);
    assertThat(unknownClient.contentType()).startsWith("application/problem+json");
    assertThat(unknownClient.json().path("error").asString()).isEqualTo("invalid_client");
    // a token issued to one app cannot be revoked in another's name (RFC 7009 section 2.1)
    Reply otherClient =
        client.revoke(Map.of("token", refreshToken, "client_id", IdentityClient.OTHER_CLIENT_ID));
    assertThat(otherClient.status()).isEqualTo(401);
    assertThat(otherClient.json().path("error").asString()).isEqualTo("invalid_client");
    // introspection stays closed to public clients
    Reply introspection =
        client.formPost(
            "/oauth2/introspect",
            Map.of("token", refreshToken, "client_id", IdentityClient.CLIENT_ID));
    assertThat(introspection.status()).isEqualTo(401);
    // none of those revoked anything
    Reply stillGood = client.refresh(refreshToken);
    assertThat(stillGood.status()).as(stillGood.body()).isEqualTo(200);
    refreshToken = stillGood.json().path("refresh_token").asString();

    Reply revoked =
        client.revoke(
            Map.of(
                "token",
                refreshToken,
                "token_type_hint",
                "refresh_token",
                "client_id",
                IdentityClient.CLIENT_ID));
    assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);

    Reply refused = client.refresh(refreshToken);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("error").asString()).isEqualTo("invalid_grant");
    // revoking it again, or a token that never existed, still answers 200 (RFC 7009 section 2.2)
    assertThat(client.revoke(Map.of("token", refreshToken, "client_id", IdentityClient.CLIENT_ID)))
        .extracting(Reply::status)
        .isEqualTo(200);
    assertThat(
            client.revoke(Map.of("token", "never-issued", "client_id", IdentityClient.CLIENT_ID)))
        .extracting(Reply::status)
        .isEqualTo(200);
  }

  @Test
  void aLoopbackRedirectMayUseAnyPort() {
    String name = newAccount();
    Browser browser = client.browser();
    Pkce pkce = Pkce.create();
    String loopback = "http://127.0.0.1:51234/oauth2/callback";
    browser.get(app.authorizeUrl(pkce, "s2", loopback));
    Reply signedIn = browser.login(name, PASSWORD);
    Reply back = browser.get(signedIn.location());
    assertThat(back.location()).startsWith(loopback + "?code=");
    Reply token =
        Reply.of(
            app.exchange(PkceSignIn.query(back.location()).get("code"), pkce.verifier(), loopback));
    assertThat(token.status()).isEqualTo(200);
  }

  @Test
  void anUnregisteredRedirectIsRefusedWithoutRedirecting() {
    Reply reply =
        client.browser().get(app.authorizeUrl(Pkce.create(), "s3", "https://evil.example/cb"));
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.contentType()).startsWith("application/problem+json");
  }

  @Test
  void wrongCredentialsGetOneGenericAnswerAndRepeatedFailuresLockTheAccount() {
    String name = newAccount();
    Browser browser = client.browser();
    browser.get(app.authorizeUrl(Pkce.create(), "s4", IdentityClient.REDIRECT));
    Reply wrongPassword = browser.login(name, "not the password at all");
    Reply unknownUser =
        client.browser().login(IdentityClient.uniqueName("nobody"), "whatever pass 1");
    assertThat(wrongPassword.status()).isEqualTo(302);
    assertThat(wrongPassword.location()).endsWith("/login?error");
    assertThat(unknownUser.location()).isEqualTo(wrongPassword.location());

    Reply last = wrongPassword;
    for (int i = 0; i < 6 && last.status() != 429; i++) {
      last = client.browser().login(name, "still not the password " + i);
    }
    assertThat(last.status()).isEqualTo(429);
    assertThat(last.contentType()).startsWith("application/problem+json");
    assertThat(last.raw().headers().firstValue("Retry-After")).isPresent();
    // even the right password waits out the lock
    assertThat(client.browser().login(name, PASSWORD).status()).isEqualTo(429);
  }

  @Test
  void afterAnEmergencyRotationOldTokensStillVerifyAndNewOnesUseTheNewKey() throws Exception {
    String name = newAccount();
    Tokens before = app.signIn(name, PASSWORD);
    String oldKid = SignedJWT.parse(before.accessToken()).getHeader().getKeyID();
    String newKid = keys.rotateNow();
    Tokens after = app.signIn(name, PASSWORD);
    assertThat(SignedJWT.parse(after.accessToken()).getHeader().getKeyID())
        .isEqualTo(newKid)
        .isNotEqualTo(oldKid);
    TokenVerifier verifier = verifierFor(BASE);
    verifier.verify(before.accessToken());
    verifier.verify(after.accessToken());
    List<String> published =
        client
            .json("GET", "/oauth2/jwks", null, "")
            .json()
            .path("keys")
            .valueStream()
            .map(k -> k.path("kid").asString())
            .toList();
    assertThat(published).contains(oldKid, newKid);
  }

  static TokenVerifier verifierFor(String base) {
    return new TokenVerifier(
        new JwtProperties(
            base,
            "companion-apps",
            "RS256",
            JwtProperties.LOCAL_DEVELOPMENT_SECRET,
            URI.create(base + "/oauth2/jwks"),
            Duration.ofSeconds(30)));
  }
}
