package com.companion.identity.signin;

import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * The browser sessions of the sign-in form, found by the account they signed in (Spring Session's
 * principal-name index in Redis). A sign-in the server revokes by itself (a reused refresh token, a
 * deleted account) cannot be ended through {@code /connect/logout}, whose ID token hint names an
 * authorization that is gone; so the server ends the sessions itself, and the cookie leads to the
 * sign-in form again.
 */
public final class SignInSessions {

  private static final Logger log = LoggerFactory.getLogger(SignInSessions.class);

  private final FindByIndexNameSessionRepository<? extends Session> sessions;

  public SignInSessions(FindByIndexNameSessionRepository<? extends Session> sessions) {
    this.sessions = sessions;
  }

  /**
   * Ends every sign-in session of the account.
   *
   * @param principalName the account id, the sign-in's principal name
   * @return how many sessions were ended
   */
  public int endAll(String principalName) {
    Set<String> ids = sessions.findByPrincipalName(principalName).keySet();
    ids.forEach(sessions::deleteById);
    if (!ids.isEmpty()) {
      log.info("ended {} sign-in session(s) of account {}", ids.size(), principalName);
    }
    return ids.size();
  }
}
