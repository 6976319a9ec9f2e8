package com.companion.identity.oauth;

import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationValidator;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Which {@code post_logout_redirect_uri} the end-session endpoint accepts: one registered for the
 * client, compared exactly, as Spring's {@link OidcLogoutAuthenticationValidator} does, except that
 * on a loopback address (127.0.0.1, [::1]) any port matches, as it does for the sign-in's redirect
 * URIs (RFC 8252 section 7.3). Without it the web app behind an edge on another port than the
 * registered one (the browser tests take a free port) could sign in but not come back from signing
 * out. Anything else, and a URI with a fragment, is refused ({@code invalid_request}) and the
 * browser is not redirected.
 */
final class PostLogoutRedirects implements Consumer<OidcLogoutAuthenticationContext> {

  /** The same loopback pattern Spring Authorization Server applies to redirect URIs. */
  private static final Pattern LOOPBACK =
      Pattern.compile("^127(?:\\.[0-9]+){0,2}\\.[0-9]+$|^\\[(?:0*:)*?:?0*1]$");

  /** Puts this check in place of Spring's in the end-session endpoint's provider. */
  static void install(List<AuthenticationProvider> providers) {
    providers.forEach(
        provider -> {
          if (provider instanceof OidcLogoutAuthenticationProvider logout) {
            logout.setAuthenticationValidator(new PostLogoutRedirects());
          }
        });
  }

  @Override
  public void accept(OidcLogoutAuthenticationContext context) {
    OidcLogoutAuthenticationToken logout = context.getAuthentication();
    String requested = logout.getPostLogoutRedirectUri();
    if (requested == null || requested.isEmpty()) {
      return;
    }
    if (!registered(requested, context.getRegisteredClient().getPostLogoutRedirectUris())) {
      throw new OAuth2AuthenticationException(
          new OAuth2Error(
              OAuth2ErrorCodes.INVALID_REQUEST,
              "OpenID Connect 1.0 Logout Request Parameter: post_logout_redirect_uri",
              "https://openid.net/specs/openid-connect-rpinitiated-1_0.html#ValidationAndErrorHandling"));
    }
  }

  static boolean registered(String requested, Iterable<String> registeredUris) {
    UriComponents uri;
    try {
      uri = UriComponentsBuilder.fromUriString(requested).build();
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (uri.getFragment() != null) {
      return false;
    }
    boolean loopback = uri.getHost() != null && LOOPBACK.matcher(uri.getHost()).matches();
    for (String registered : registeredUris) {
      if (registered.equals(requested)) {
        return true;
      }
      if (loopback
          && UriComponentsBuilder.fromUriString(registered)
              .port(uri.getPort())
              .build()
              .toString()
              .equals(uri.toString())) {
        return true;
      }
    }
    return false;
  }
}
