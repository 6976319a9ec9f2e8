package com.companion.identity.deletion;

import com.companion.identity.account.Account;
import com.companion.identity.account.AccountRepository;
import com.companion.identity.events.AccountEvents;
import com.companion.identity.signin.SignInSessions;
import com.companion.platform.outbox.Outbox;
import com.companion.platform.web.PlatformProblem;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Deletes an account and everything this service holds about it, and announces {@code
 * account.deleted} in the same transaction, so the other services are told exactly when the account
 * is gone here. Sign-ins end at once: the stored authorizations (and with them every refresh token)
 * are deleted, and so are the browser's sign-in sessions, which the end-session endpoint can no
 * longer end; access tokens already issued expire within their short lifetime.
 */
@Service
public class AccountDeletion {

  private static final Logger log = LoggerFactory.getLogger(AccountDeletion.class);

  private final JdbcClient jdbc;
  private final AccountRepository accounts;
  private final Outbox outbox;
  private final SignInSessions sessions;
  private final java.time.Clock clock;

  public AccountDeletion(
      JdbcClient jdbc,
      AccountRepository accounts,
      Outbox outbox,
      SignInSessions sessions,
      java.time.Clock clock) {
    this.jdbc = jdbc;
    this.accounts = accounts;
    this.outbox = outbox;
    this.sessions = sessions;
    this.clock = clock;
  }

  @Transactional
  public void delete(UUID accountId) {
    Account account =
        accounts
            .findById(accountId)
            .orElseThrow(() -> PlatformProblem.notFound("the account no longer exists"));
    String id = accountId.toString();
    jdbc.sql("delete from identity.oauth2_authorization where principal_name = ?")
        .param(id)
        .update();
    jdbc.sql("delete from identity.oauth2_authorization_consent where principal_name = ?")
        .param(id)
        .update();
    jdbc.sql("delete from identity.retired_refresh_token where principal_name = ?")
        .param(id)
        .update();
    // the audit trail must survive (who granted what), but not name the person: pseudonym
    jdbc.sql("update identity.role_audit set actor = ? where actor = ?")
        .params(account.pseudonym(), id)
        .update();
    jdbc.sql("update identity.role_audit set target = ? where target = ?")
        .params(account.pseudonym(), id)
        .update();
    jdbc.sql("update identity.account_role set granted_by = null where granted_by = ?")
        .param(accountId)
        .update();
    // cascades: roles, guardianships (as minor and as guardian), chat activity
    jdbc.sql("delete from identity.account where id = ?").param(accountId).update();
    Instant now = clock.instant();
    outbox.append(
        AccountEvents.TOPIC,
        id,
        AccountEvents.DELETED,
        "accounts/" + id,
        account.product(),
        id,
        new AccountEvents.Deleted(AccountEvents.SCHEMA_VERSION, id, account.pseudonym(), now));
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            endSignInSessions(id);
          }
        });
  }

  /**
   * After the commit, so a session cannot outlive a deletion that committed; should Redis fail, the
   * authorization endpoint still refuses the session ({@code LiveAccountCheck}).
   */
  private void endSignInSessions(String accountId) {
    try {
      sessions.endAll(accountId);
    } catch (RuntimeException e) {
      log.warn("sign-in sessions of a deleted account left to expire: {}", e.toString());
    }
  }
}
