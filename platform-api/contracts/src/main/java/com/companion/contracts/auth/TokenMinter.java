package com.companion.contracts.auth;

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

/** Mints HS256 platform tokens for local use ({@code ./platform token}) and tests. */
public final class TokenMinter {

  private final JwtProperties properties;
  private final Clock clock;

  public TokenMinter(JwtProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
  }

  public String mint(PlatformPrincipal principal, Duration timeToLive) {
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .jwtID(UUID.randomUUID().toString())
            .issuer(properties.issuer())
            .audience(properties.audience())
            .subject(principal.userId())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(timeToLive)))
            .claim("product", principal.product())
            .claim("roles", principal.roles().stream().map(Role::claimValue).sorted().toList())
            .claim("age_group", principal.ageGroup().claimValue())
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(new MACSigner(properties.hmacSecret().getBytes(StandardCharsets.UTF_8)));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign token", e);
    }
    return jwt.serialize();
  }
}
