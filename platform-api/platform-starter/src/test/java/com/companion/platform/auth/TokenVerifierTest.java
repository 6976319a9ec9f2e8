package com.companion.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.testkit.TokenMinter;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

  private final JwtProperties properties = JwtProperties.localDefaults();
  private final TokenVerifier verifier = new TokenVerifier(properties);
  private final PlatformPrincipal alice =
      new PlatformPrincipal("alice", "glow", Set.of(Role.USER, Role.CREATOR), AgeGroup.MINOR);

  @Test
  void acceptsTokenItMinted() {
    String token =
        new TokenMinter(
                properties.issuer(),
                properties.audience(),
                properties.hmacSecret(),
                Clock.systemUTC())
            .mint(alice, Duration.ofMinutes(5));

    assertThat(verifier.verify(token)).isEqualTo(alice);
  }

  @Test
  void rejectsExpiredToken() {
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
    String token =
        new TokenMinter(properties.issuer(), properties.audience(), properties.hmacSecret(), past)
            .mint(alice, Duration.ofMinutes(5));

    assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void aRememberedTokenStillExpiresAtItsExp() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    TokenVerifier remembering = new TokenVerifier(properties, clock);
    String token =
        new TokenMinter(properties.issuer(), properties.audience(), properties.hmacSecret(), clock)
            .mint(alice, Duration.ofSeconds(45));

    assertThat(remembering.verify(token)).isEqualTo(alice);
    clock.now = clock.now.plusSeconds(40);
    assertThat(remembering.verify(token)).isEqualTo(alice);
    // past exp and the tolerated skew: the remembered verdict must not outlive the token
    clock.now = clock.now.plus(properties.clockSkew()).plusSeconds(10);
    assertThatThrownBy(() -> remembering.verify(token)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void aTokenIsRememberedByItsWholeTextSoATamperedCopyIsCheckedAfresh() throws Exception {
    String token = hs256(claims().build(), properties.hmacSecret());
    assertThat(verifier.verify(token).userId()).isEqualTo("alice");

    String[] parts = token.split("\\.");
    String forged =
        parts[0]
            + "."
            + claims().claim("roles", List.of("admin")).build().toPayload().toBase64URL()
            + "."
            + parts[2];
    assertThatThrownBy(() -> verifier.verify(forged)).isInstanceOf(InvalidTokenException.class);
  }

  /** A clock the test moves by hand. */
  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void rejectsWrongSecretAudienceAndIssuer() throws Exception {
    assertThatThrownBy(
            () ->
                verifier.verify(
                    hs256(claims().build(), "another-secret-another-secret-0123456789")))
        .isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(
            () ->
                verifier.verify(
                    hs256(claims().audience("someone-else").build(), properties.hmacSecret())))
        .isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(
            () -> verifier.verify(hs256(claims().issuer("evil").build(), properties.hmacSecret())))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void rejectsUnsignedAndOtherAlgorithmTokens() throws Exception {
    String unsigned = new PlainJWT(claims().build()).serialize();
    assertThatThrownBy(() -> verifier.verify(unsigned)).isInstanceOf(InvalidTokenException.class);

    RSAKey rsa = new RSAKeyGenerator(2048).generate();
    SignedJWT rs256 = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims().build());
    rs256.sign(new RSASSASigner(rsa));
    assertThatThrownBy(() -> verifier.verify(rs256.serialize()))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void rejectsMissingOrUnknownClaims() throws Exception {
    JWTClaimsSet noAge =
        new JWTClaimsSet.Builder(claims().build()).claim("age_group", null).build();
    assertThatThrownBy(() -> verifier.verify(hs256(noAge, properties.hmacSecret())))
        .isInstanceOf(InvalidTokenException.class);
    JWTClaimsSet badRole = claims().claim("roles", List.of("superuser")).build();
    assertThatThrownBy(() -> verifier.verify(hs256(badRole, properties.hmacSecret())))
        .isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> verifier.verify("not-a-token"))
        .isInstanceOf(InvalidTokenException.class);
  }

  private JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issuer(properties.issuer())
        .audience(properties.audience())
        .subject("alice")
        .expirationTime(Date.from(Instant.now().plusSeconds(300)))
        .claim("product", "glow")
        .claim("roles", List.of("user"))
        .claim("age_group", "adult");
  }

  private static String hs256(JWTClaimsSet claims, String secret) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }
}
