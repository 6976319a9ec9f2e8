package com.companion.identity.oauth;

import com.companion.identity.keys.SigningKeys;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Signs each token with the key its header asks for: RS256 with the current key of {@link
 * SigningKeys}, or, in local mode only, HS256 with the local development secret.
 */
final class TokenEncoders implements JwtEncoder {

  private final JwtEncoder rsa;
  private final JwtEncoder hmac;

  TokenEncoders(SigningKeys keys, String localHmacSecret) {
    this.rsa = new NimbusJwtEncoder((selector, context) -> List.of(keys.signingKey()));
    if (localHmacSecret == null || localHmacSecret.isBlank()) {
      this.hmac = null;
    } else {
      OctetSequenceKey key =
          new OctetSequenceKey.Builder(localHmacSecret.getBytes(StandardCharsets.UTF_8)).build();
      this.hmac = new NimbusJwtEncoder((selector, context) -> selector.select(new JWKSet(key)));
    }
  }

  @Override
  public org.springframework.security.oauth2.jwt.Jwt encode(JwtEncoderParameters parameters) {
    boolean mac =
        parameters.getJwsHeader() != null
            && MacAlgorithm.HS256.equals(parameters.getJwsHeader().getAlgorithm());
    if (mac) {
      if (hmac == null) {
        throw new IllegalStateException("HS256 tokens are for local mode only");
      }
      return hmac.encode(parameters);
    }
    return rsa.encode(parameters);
  }
}
