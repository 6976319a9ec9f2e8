package com.companion.identity.access;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.identity.keys.SigningKeys;
import com.companion.platform.auth.InvalidTokenException;
import com.companion.platform.auth.TokenVerifier;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Verifies bearer tokens on this service's own API. Its own RS256 tokens are checked against its
 * key table directly (no HTTP round trip to its own JWKS). When {@code platform.jwt.algorithm} is
 * HS256 (local mode only), the launcher's locally minted tokens are accepted too, through the
 * contracts' verifier, as every other service accepts them.
 */
public class AccessTokens {

  private static final Set<String> REQUIRED = Set.of("sub", "exp", "product", "roles", "age_group");

  private final DefaultJWTProcessor<SecurityContext> own = new DefaultJWTProcessor<>();
  private final TokenVerifier platform;
  private final boolean acceptLocalTokens;

  public AccessTokens(
      SigningKeys keys,
      String issuer,
      String audience,
      TokenVerifier platform,
      boolean acceptLocalTokens) {
    own.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            JWSAlgorithm.RS256, (selector, context) -> selector.select(keys.published())));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            audience, new JWTClaimsSet.Builder().issuer(issuer).build(), REQUIRED);
    claims.setMaxClockSkew(30);
    own.setJWTClaimsSetVerifier(claims);
    this.platform = platform;
    this.acceptLocalTokens = acceptLocalTokens;
  }

  public Caller verify(String token) {
    JWSHeader header;
    try {
      header = SignedJWT.parse(token).getHeader();
    } catch (ParseException e) {
      throw new InvalidTokenException("malformed token", e);
    }
    if (JWSAlgorithm.HS256.equals(header.getAlgorithm())) {
      if (!acceptLocalTokens) {
        throw new InvalidTokenException("token rejected: HS256 is accepted only in local mode");
      }
      PlatformPrincipal principal = platform.verify(token);
      return new Caller(
          parseId(principal.userId()),
          principal.product(),
          principal.roles().stream().map(Role::claimValue).collect(Collectors.toSet()),
          principal.ageGroup().claimValue());
    }
    try {
      JWTClaimsSet claims = own.process(token, null);
      Set<String> roles = new HashSet<>();
      Object claim = claims.getClaim("roles");
      if (claim instanceof List<?> list) {
        list.forEach(role -> roles.add(String.valueOf(role)));
      }
      return new Caller(
          parseId(claims.getSubject()),
          claims.getStringClaim("product"),
          roles,
          claims.getStringClaim("age_group"));
    } catch (InvalidTokenException e) {
      throw e;
    } catch (Exception e) {
      throw new InvalidTokenException("token rejected: " + e.getMessage(), e);
    }
  }

  /** Accounts have UUIDs; a token whose subject is not one names no account here. */
  private static UUID parseId(String subject) {
    try {
      return UUID.fromString(subject);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidTokenException("token subject is not an account id");
    }
  }
}
