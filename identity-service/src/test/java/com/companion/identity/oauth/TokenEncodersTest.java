package com.companion.identity.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.auth.JwtProperties;
import com.companion.platform.auth.TokenVerifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

/** Local mode: access tokens the local services accept with the shared development secret. */
class TokenEncodersTest {

  private static JwtEncoderParameters localAccessToken() {
    Instant now = Instant.now();
    JwtClaimsSet claims =
        JwtClaimsSet.builder()
            .issuer("companion-platform")
            .audience(new ArrayList<>(List.of("companion-apps")))
            .subject("6f1c1d8e-7a39-4d2b-9a55-0f3b7b1c2d3e")
            .issuedAt(now)
            .expiresAt(now.plusSeconds(900))
            .claim("product", "glow")
            .claim("roles", new ArrayList<>(List.of("creator", "user")))
            .claim("age_group", "adult")
            .build();
    return JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims);
  }

  @Test
  void localTokensVerifyWithTheContractsVerifierAndTheLocalSecret() {
    TokenEncoders encoders = new TokenEncoders(null, JwtProperties.LOCAL_DEVELOPMENT_SECRET);
    String token = encoders.encode(localAccessToken()).getTokenValue();
    PlatformPrincipal principal = new TokenVerifier(JwtProperties.localDefaults()).verify(token);
    assertThat(principal.userId()).isEqualTo("6f1c1d8e-7a39-4d2b-9a55-0f3b7b1c2d3e");
    assertThat(principal.product()).isEqualTo("glow");
  }

  @Test
  void withoutTheLocalSecretNoHmacTokenIsSigned() {
    TokenEncoders encoders = new TokenEncoders(null, "");
    assertThatThrownBy(() -> encoders.encode(localAccessToken()))
        .isInstanceOf(IllegalStateException.class);
  }
}
