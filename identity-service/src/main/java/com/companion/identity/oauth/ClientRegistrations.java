package com.companion.identity.oauth;

import com.companion.identity.IdentityProperties;
import java.time.Duration;
import java.util.UUID;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Registers the platform's own apps as public clients at start-up: authorization code with PKCE
 * (S256 only) and rotating refresh tokens, no consent screen (they are first-party apps), exact
 * redirect URIs (RFC 8252: a custom scheme for the mobile apps, loopback for desktop tools), and
 * the pages a sign-out may return to (OpenID Connect RP-Initiated Logout).
 */
public final class ClientRegistrations {

  private ClientRegistrations() {}

  public static void register(
      RegisteredClientRepository repository,
      IdentityProperties.Client client,
      IdentityProperties.Tokens tokens) {
    RegisteredClient existing = repository.findByClientId(client.clientId());
    RegisteredClient.Builder builder =
        RegisteredClient.withId(existing == null ? UUID.randomUUID().toString() : existing.getId())
            .clientId(client.clientId())
            .clientName(client.name() == null ? client.clientId() : client.name())
            .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
            .scope(OidcScopes.OPENID)
            .scope(OidcScopes.PROFILE)
            .clientSettings(
                ClientSettings.builder()
                    .requireProofKey(true)
                    .requireAuthorizationConsent(false)
                    .build())
            .tokenSettings(
                TokenSettings.builder()
                    .accessTokenTimeToLive(tokens.accessTokenTimeToLive())
                    .refreshTokenTimeToLive(tokens.refreshTokenTimeToLive())
                    .authorizationCodeTimeToLive(Duration.ofMinutes(2))
                    .reuseRefreshTokens(false)
                    .idTokenSignatureAlgorithm(SignatureAlgorithm.RS256)
                    .build());
    client.redirectUris().forEach(builder::redirectUri);
    client.postLogoutRedirectUris().forEach(builder::postLogoutRedirectUri);
    if (existing != null) {
      builder.clientIdIssuedAt(existing.getClientIdIssuedAt());
    }
    repository.save(builder.build());
  }
}
