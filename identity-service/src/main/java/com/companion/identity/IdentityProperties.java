package com.companion.identity;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the identity service; every key and its default is in the module README.
 *
 * @param issuer the public URL of the platform (the edge): the {@code iss} of every token and the
 *     base of the discovery document's endpoints
 * @param audience the {@code aud} of access tokens, the one every service checks
 * @param products the products an account can sign up for
 */
@ConfigurationProperties("identity")
public record IdentityProperties(
    @DefaultValue("http://127.0.0.1:8080") String issuer,
    @DefaultValue("companion-apps") String audience,
    @DefaultValue({"glow", "xingye", "talkie"}) List<String> products,
    @DefaultValue Tokens tokens,
    @DefaultValue Keys keys,
    @DefaultValue Throttle throttle,
    @DefaultValue Guardians guardians,
    @DefaultValue List<Client> clients,
    @DefaultValue Seed seed,
    @DefaultValue LocalTokens localTokens,
    @DefaultValue Export export) {

  /**
   * @param accessTokenTimeToLive short: a revoked role or consent is gone from tokens within it
   * @param refreshTokenTimeToLive how long an app stays signed in without use
   */
  public record Tokens(
      @DefaultValue("15m") Duration accessTokenTimeToLive,
      @DefaultValue("30d") Duration refreshTokenTimeToLive) {}

  /**
   * @param encryptionSecret encrypts private signing keys at rest (AES-GCM); set per deployment
   * @param rotationPeriod how long one key signs
   * @param publishAhead a new key is in the JWKS this long before it signs, so verifiers that cache
   *     the JWKS know it before they meet a token signed with it
   * @param reloadInterval how often each replica re-reads the key table
   */
  public record Keys(
      @DefaultValue("local-key-encryption-secret-change-me") String encryptionSecret,
      @DefaultValue("30d") Duration rotationPeriod,
      @DefaultValue("1d") Duration publishAhead,
      @DefaultValue("1m") Duration reloadInterval) {}

  /**
   * @param accountFailures failed sign-ins of one account before it is locked
   * @param clientFailures failed sign-ins from one client address before it is locked
   * @param failureWindow how long failures are remembered
   * @param firstLockout the first lock; each further failure while over the limit doubles it
   * @param maxLockout the longest lock
   * @param signUpsPerClient sign-up attempts one client address may make per {@code signUpWindow}
   * @param signUpsPerUsername sign-up attempts for one username per {@code signUpWindow}
   */
  public record Throttle(
      @DefaultValue("5") int accountFailures,
      @DefaultValue("20") int clientFailures,
      @DefaultValue("15m") Duration failureWindow,
      @DefaultValue("1m") Duration firstLockout,
      @DefaultValue("1h") Duration maxLockout,
      @DefaultValue("10") int signUpsPerClient,
      @DefaultValue("5") int signUpsPerUsername,
      @DefaultValue("1h") Duration signUpWindow,
      @DefaultValue("identity:") String keyPrefix) {}

  /**
   * @param consentAge below this age a minor needs a guardian's consent to chat
   * @param activityRetention how long chat activity of guarded minors is kept for insights
   * @param sessionGap turns further apart than this start a new session in the time figures
   */
  public record Guardians(
      @DefaultValue("14") int consentAge,
      @DefaultValue("35d") Duration activityRetention,
      @DefaultValue("5m") Duration sessionGap) {}

  /**
   * A public client (an app): no secret, PKCE required, RFC 8252 redirects.
   *
   * @param redirectUris exact URIs; a loopback {@code http://127.0.0.1/...} matches any port
   * @param postLogoutRedirectUris where the end-session endpoint ({@code /connect/logout}) may send
   *     the browser back after a sign-out (OpenID Connect RP-Initiated Logout), matched as the
   *     redirect URIs are; none: the client's sign-outs end on this service's {@code /}
   */
  public record Client(
      String clientId,
      String name,
      List<String> redirectUris,
      @DefaultValue List<String> postLogoutRedirectUris) {}

  /**
   * Local mode only ({@code ./platform up}): the edge and the services there check tokens with the
   * shared HS256 development secret rather than a JWKS, so access tokens are signed with that
   * secret and carry its issuer, and a signed-in user can use the whole local platform. ID tokens
   * stay RS256. Never set in a deployment: there every service verifies through the JWKS.
   *
   * @param hmacSecret the local HS256 secret; empty (the default) means RS256 access tokens
   * @param issuer the {@code iss} the local services expect
   */
  public record LocalTokens(String hmacSecret, @DefaultValue("companion-platform") String issuer) {

    public boolean enabled() {
      return hmacSecret != null && !hmacSecret.isBlank();
    }
  }

  /**
   * Where {@code GET /v1/me/export} reads the user's data held by other services: directly, inside
   * the cluster, with the user's own token.
   *
   * @param characterServiceUrl characters and personas
   * @param chatServiceUrl conversations and their messages
   * @param safetyFilterUrl reports the user filed, strikes and sanctions
   * @param requestTimeout the longest wait for one page; a neighbour slower than this fails the
   *     export with a 503 rather than hold the request open
   */
  public record Export(
      @DefaultValue("http://127.0.0.1:8081") String characterServiceUrl,
      @DefaultValue("http://127.0.0.1:8082") String chatServiceUrl,
      @DefaultValue("http://127.0.0.1:8083") String safetyFilterUrl,
      @DefaultValue("10s") Duration requestTimeout) {}

  /**
   * @param enabled local mode only: create the demo accounts listed in the README
   * @param password their password
   */
  public record Seed(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("companion-local-2026") String password) {}
}
