package com.companion.platform.auth;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies platform JWTs: pinned algorithm, signature, {@code iss}, {@code aud}, {@code exp}.
 *
 * <p>A client sends the same token with every request of a session, and every hop of a chat turn
 * checks it again, so a token that passed is remembered (by its whole text, signature included)
 * until its {@code exp}, at most {@link #REMEMBER_FOR}: a token met again costs a map lookup, not a
 * parse and a signature check. A key taken out of the JWKS therefore stops a token it signed at
 * most that long later. The memory is bounded ({@link #REMEMBERED_AT_MOST} tokens, then it starts
 * afresh).
 */
public final class TokenVerifier {

  private static final Set<String> REQUIRED_CLAIMS =
      Set.of("sub", "exp", "product", "roles", "age_group");
  static final Duration REMEMBER_FOR = Duration.ofSeconds(60);
  static final int REMEMBERED_AT_MOST = 10_000;

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final Clock clock;
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  private record Verified(PlatformPrincipal principal, Instant until) {}

  public TokenVerifier(JwtProperties properties) {
    this(properties, Clock.systemUTC());
  }

  TokenVerifier(JwtProperties properties, Clock clock) {
    this.clock = clock;
    JWSAlgorithm algorithm = JWSAlgorithm.parse(properties.algorithm());
    JWKSource<SecurityContext> keys;
    if (JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
      byte[] secret = properties.hmacSecret().getBytes(StandardCharsets.UTF_8);
      if (secret.length < 32) {
        throw new IllegalArgumentException("platform.jwt.hmac-secret must be at least 32 bytes");
      }
      keys = new ImmutableSecret<>(secret);
    } else if (JWSAlgorithm.Family.RSA.contains(algorithm)) {
      if (properties.jwksUri() == null) {
        throw new IllegalArgumentException("platform.jwt.jwks-uri is required for " + algorithm);
      }
      try {
        keys = JWKSourceBuilder.create(properties.jwksUri().toURL()).build();
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("bad platform.jwt.jwks-uri", e);
      }
    } else {
      throw new IllegalArgumentException("unsupported JWT algorithm " + algorithm);
    }
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithm, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            properties.audience(),
            new JWTClaimsSet.Builder().issuer(properties.issuer()).build(),
            REQUIRED_CLAIMS) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }
        };
    claims.setMaxClockSkew((int) properties.clockSkew().toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
  }

  /** Returns the principal of a valid token, or throws {@link InvalidTokenException}. */
  public PlatformPrincipal verify(String token) {
    if (token == null || token.isBlank()) {
      throw new InvalidTokenException("missing bearer token");
    }
    Instant now = clock.instant();
    Verified known = verified.get(token);
    if (known != null && now.isBefore(known.until())) {
      return known.principal();
    }
    JWTClaimsSet claims = claims(token);
    PlatformPrincipal principal = principal(claims);
    Instant until = now.plus(REMEMBER_FOR);
    Instant expires = claims.getExpirationTime().toInstant();
    if (expires.isBefore(until)) {
      until = expires;
    }
    if (verified.size() >= REMEMBERED_AT_MOST) {
      verified.clear();
    }
    verified.put(token, new Verified(principal, until));
    return principal;
  }

  private JWTClaimsSet claims(String token) {
    try {
      return processor.process(token, null);
    } catch (ParseException e) {
      throw new InvalidTokenException("malformed token", e);
    } catch (BadJOSEException e) {
      throw new InvalidTokenException("token rejected: " + e.getMessage(), e);
    } catch (JOSEException e) {
      throw new InvalidTokenException("token could not be verified", e);
    }
  }

  private static PlatformPrincipal principal(JWTClaimsSet claims) {
    try {
      return new PlatformPrincipal(
          claims.getSubject(),
          claims.getStringClaim("product"),
          roles(claims.getClaim("roles")),
          AgeGroup.fromClaim(claims.getStringClaim("age_group")));
    } catch (ParseException | IllegalArgumentException e) {
      throw new InvalidTokenException("token claims are invalid", e);
    }
  }

  private static Set<Role> roles(Object claim) {
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    if (claim instanceof List<?> list) {
      list.forEach(value -> roles.add(Role.fromClaim(String.valueOf(value))));
    } else if (claim instanceof String text) {
      for (String value : text.trim().split("[\\s,]+")) {
        roles.add(Role.fromClaim(value));
      }
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("roles claim is empty");
    }
    return roles;
  }
}
