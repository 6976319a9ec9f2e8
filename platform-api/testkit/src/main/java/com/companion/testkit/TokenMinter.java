package com.companion.testkit;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Mints HS256 platform tokens for local use ({@code ./platform token}) and tests. It lives here, in
 * test support, so that no service jar can mint a token: services only verify them.
 */
public final class TokenMinter {

  /** The {@code platform.jwt.*} defaults every service starts with on a developer machine. */
  private static final String LOCAL_ISSUER = "companion-platform";

  private static final String LOCAL_AUDIENCE = "companion-apps";
  private static final String LOCAL_SECRET = "local-development-secret-change-me-0123456789abcdef";

  private final String issuer;
  private final String audience;
  private final String hmacSecret;
  private final Clock clock;

  public TokenMinter(String issuer, String audience, String hmacSecret, Clock clock) {
    this.issuer = issuer;
    this.audience = audience;
    this.hmacSecret = hmacSecret;
    this.clock = clock;
  }

  /** Tokens that a service with the local {@code platform.jwt.*} defaults accepts. */
  public static TokenMinter local(Clock clock) {
    return local(LOCAL_SECRET, clock);
  }

  /** The local issuer and audience, signed with another secret (a local platform's own). */
  public static TokenMinter local(String hmacSecret, Clock clock) {
    return new TokenMinter(LOCAL_ISSUER, LOCAL_AUDIENCE, hmacSecret, clock);
  }

  public String mint(PlatformPrincipal principal, Duration timeToLive) {
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .jwtID(UUID.randomUUID().toString())
            .issuer(issuer)
            .audience(audience)
            .subject(principal.userId())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(timeToLive)))
            .claim("product", principal.product())
            .claim("roles", principal.roles().stream().map(Role::claimValue).sorted().toList())
            .claim("age_group", principal.ageGroup().claimValue())
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(new MACSigner(hmacSecret.getBytes(StandardCharsets.UTF_8)));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign token", e);
    }
    return jwt.serialize();
  }
}
