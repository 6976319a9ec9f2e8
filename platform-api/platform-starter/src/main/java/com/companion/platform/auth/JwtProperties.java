package com.companion.platform.auth;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How platform tokens are checked. The algorithm is pinned: a token signed with any other algorithm
 * is rejected, which closes the classic "alg: none" and HS/RS confusion attacks.
 *
 * @param algorithm HS256 (shared secret, local use) or RS256 (keys from {@code jwksUri},
 *     production)
 * @param hmacSecret the HS256 secret, at least 32 bytes
 * @param jwksUri where RS256 public keys are published
 * @param clockSkew tolerated difference between our clock and the issuer's
 */
@ConfigurationProperties("platform.jwt")
public record JwtProperties(
    @DefaultValue("companion-platform") String issuer,
    @DefaultValue("companion-apps") String audience,
    @DefaultValue("HS256") String algorithm,
    @DefaultValue(LOCAL_DEVELOPMENT_SECRET) String hmacSecret,
    URI jwksUri,
    @DefaultValue("30s") Duration clockSkew) {

  /** Only for local machines and tests; every deployed environment sets its own secret or JWKS. */
  public static final String LOCAL_DEVELOPMENT_SECRET =
      "local-development-secret-change-me-0123456789abcdef";

  public static JwtProperties localDefaults() {
    return new JwtProperties(
        "companion-platform",
        "companion-apps",
        "HS256",
        LOCAL_DEVELOPMENT_SECRET,
        null,
        Duration.ofSeconds(30));
  }
}
