package com.companion.identity.oauth;

import com.companion.identity.signin.SignInSessions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Refresh token rotation with reuse detection (OAuth 2.1 section 4.3.1, the Security BCP section
 * 4.14). Spring Authorization Server replaces the refresh token on every use, so an old one is no
 * longer found; this wrapper also remembers the old one (as a hash) and, when it comes back,
 * revokes the whole authorization: either the user or an attacker holds a copy, and only a fresh
 * sign-in can tell them apart. The user's sign-in sessions end with it, so the fresh sign-in asks
 * for the password.
 */
public class ReuseDetectingAuthorizationService implements OAuth2AuthorizationService {

  private static final Logger log =
      LoggerFactory.getLogger(ReuseDetectingAuthorizationService.class);

  private final OAuth2AuthorizationService delegate;
  private final JdbcClient jdbc;
  private final SignInSessions sessions;
  private final Clock clock;

  public ReuseDetectingAuthorizationService(
      OAuth2AuthorizationService delegate, JdbcClient jdbc, SignInSessions sessions, Clock clock) {
    this.delegate = delegate;
    this.jdbc = jdbc;
    this.sessions = sessions;
    this.clock = clock;
  }

  @Override
  public void save(OAuth2Authorization authorization) {
    OAuth2Authorization previous = delegate.findById(authorization.getId());
    String before = refreshValue(previous);
    String after = refreshValue(authorization);
    if (before != null && !before.equals(after)) {
      jdbc.sql(
              "insert into identity.retired_refresh_token"
                  + " (token_hash, authorization_id, principal_name, retired_at)"
                  + " values (?, ?, ?, ?) on conflict do nothing")
          .params(
              hash(before),
              authorization.getId(),
              authorization.getPrincipalName(),
              Timestamp.from(clock.instant()))
          .update();
    }
    delegate.save(authorization);
  }

  @Override
  public void remove(OAuth2Authorization authorization) {
    delegate.remove(authorization);
  }

  @Override
  public OAuth2Authorization findById(String id) {
    return delegate.findById(id);
  }

  @Override
  public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
    OAuth2Authorization found = delegate.findByToken(token, tokenType);
    if (found == null && (tokenType == null || OAuth2TokenType.REFRESH_TOKEN.equals(tokenType))) {
      retiredAuthorization(token)
          .ifPresent(
              id -> {
                OAuth2Authorization family = delegate.findById(id);
                if (family != null) {
                  log.warn("a rotated refresh token was used again; revoking authorization {}", id);
                  delegate.remove(family);
                  endSignInSessions(family.getPrincipalName());
                }
              });
    }
    return found;
  }

  /**
   * The browser that signed in would otherwise hand out a new code without the password, and its
   * logout request is refused now that the authorization is gone: its sessions end here.
   */
  private void endSignInSessions(String principalName) {
    try {
      sessions.endAll(principalName);
    } catch (RuntimeException e) {
      // the revocation stands; the sessions end at their idle timeout
      log.warn("sign-in sessions of a revoked authorization left to expire: {}", e.toString());
    }
  }

  private Optional<String> retiredAuthorization(String token) {
    return jdbc.sql(
            "select authorization_id from identity.retired_refresh_token where token_hash = ?")
        .param(hash(token))
        .query(String.class)
        .optional();
  }

  private static String refreshValue(OAuth2Authorization authorization) {
    if (authorization == null) {
      return null;
    }
    OAuth2Authorization.Token<OAuth2RefreshToken> token = authorization.getRefreshToken();
    return token == null ? null : token.getToken().getTokenValue();
  }

  static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
