package com.companion.identity.oauth;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.keygen.Base64StringKeyGenerator;
import org.springframework.security.crypto.keygen.StringKeyGenerator;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Refresh tokens for the apps, which are public clients (no secret can be kept in an app). Spring
 * Authorization Server issues refresh tokens only to confidential clients; OAuth 2.1 allows them
 * for public clients when they are rotated on every use (section 4.3.1), which this service does
 * (see {@link ReuseDetectingAuthorizationService}). These three pieces let a public client identify
 * itself by {@code client_id} on a refresh request and at the revocation endpoint (RFC 7009: an app
 * that signs out revokes its refresh token), and receive a refresh token with its code exchange.
 * Spring's own public-client support covers only the code exchange with PKCE. Introspection stays
 * closed to public clients.
 */
public final class PublicClientRefresh {

  private PublicClientRefresh() {}

  /** Marks a client authentication this class made, and says for which request. */
  static final String REQUEST = PublicClientRefresh.class.getName() + ".request";

  static final String REFRESH = "refresh";
  static final String REVOCATION = "revocation";

  /**
   * A refresh request, or a revocation request, that names a client and carries no client
   * credentials.
   */
  public static final class Converter implements AuthenticationConverter {

    private final String revocationEndpoint;

    /** {@code revocationEndpoint}: the revocation endpoint's path, {@code /oauth2/revoke}. */
    public Converter(String revocationEndpoint) {
      this.revocationEndpoint = revocationEndpoint;
    }

    @Override
    public Authentication convert(HttpServletRequest request) {
      if (!"POST".equals(request.getMethod())
          || request.getHeader("Authorization") != null
          || request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null) {
        return null;
      }
      String purpose;
      if (AuthorizationGrantType.REFRESH_TOKEN
          .getValue()
          .equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))) {
        purpose = REFRESH;
      } else if (revocationEndpoint.equals(
          request.getRequestURI().substring(request.getContextPath().length()))) {
        purpose = REVOCATION;
      } else {
        return null;
      }
      String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
      if (clientIds == null) {
        return null;
      }
      if (clientIds.length != 1 || clientIds[0].isBlank()) {
        throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
      }
      return new OAuth2ClientAuthenticationToken(
          clientIds[0], ClientAuthenticationMethod.NONE, null, Map.of(REQUEST, purpose));
    }
  }

  /**
   * Accepts such a request for a registered public client: a refresh when the client may refresh, a
   * revocation always (the revocation endpoint then checks that the token was issued to it).
   */
  public static final class Provider implements AuthenticationProvider {

    private final RegisteredClientRepository clients;

    public Provider(RegisteredClientRepository clients) {
      this.clients = clients;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
      OAuth2ClientAuthenticationToken token = (OAuth2ClientAuthenticationToken) authentication;
      Object purpose = token.getAdditionalParameters().get(REQUEST);
      if (!ClientAuthenticationMethod.NONE.equals(token.getClientAuthenticationMethod())
          || purpose == null) {
        return null;
      }
      RegisteredClient client = clients.findByClientId(String.valueOf(token.getPrincipal()));
      if (client == null
          || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)
          || (REFRESH.equals(purpose)
              && !client
                  .getAuthorizationGrantTypes()
                  .contains(AuthorizationGrantType.REFRESH_TOKEN))) {
        throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
      }
      return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
    }

    @Override
    public boolean supports(Class<?> authentication) {
      return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
    }
  }

  /** Opaque refresh tokens (256 random bits) for every client that may refresh. */
  public static final class TokenGenerator implements OAuth2TokenGenerator<OAuth2RefreshToken> {

    private final StringKeyGenerator values =
        new Base64StringKeyGenerator(Base64.getUrlEncoder().withoutPadding(), 32);
    private final Clock clock;

    public TokenGenerator(Clock clock) {
      this.clock = clock;
    }

    @Override
    public OAuth2RefreshToken generate(OAuth2TokenContext context) {
      if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())
          || !context
              .getRegisteredClient()
              .getAuthorizationGrantTypes()
              .contains(AuthorizationGrantType.REFRESH_TOKEN)) {
        return null;
      }
      Instant issuedAt = clock.instant();
      Instant expiresAt =
          issuedAt.plus(
              context.getRegisteredClient().getTokenSettings().getRefreshTokenTimeToLive());
      return new OAuth2RefreshToken(values.generateKey(), issuedAt, expiresAt);
    }
  }
}
