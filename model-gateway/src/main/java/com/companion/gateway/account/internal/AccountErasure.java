package com.companion.gateway.account.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Removes what {@code gateway} holds about one account. Call every step inside one transaction: the
 * erasure and its record commit together or not at all.
 *
 * <p>The gateway stores an account id only where an admin acted: as the creator of an API key and
 * as the actor of a canary decision. A canary decision carries no product (keys created before keys
 * became their admin's product's may serve another product than their creator's), so rows are
 * matched by the id alone; identity-service's account ids are random UUIDs, never reused across
 * products.
 */
@Repository
public class AccountErasure {

  private final JdbcClient jdbc;

  public AccountErasure(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Revokes the API keys the account created, and names {@code tombstone} as their creator. The
   * rows stay, revoked, so usage already metered under a key id still leads to its name and to when
   * it stopped working. Answers the hashes of the keys' secrets, to forget cached verifications.
   */
  public List<String> revokeKeysCreatedBy(String userId, String tombstone, Instant now) {
    return jdbc.sql(
            """
            update gateway.api_keys set revoked_at = coalesce(revoked_at, ?), created_by = ?
            where created_by = ?
            returning key_hash
            """)
        .params(Timestamp.from(now), tombstone, userId)
        .query(String.class)
        .list();
  }

  /** Canary decisions the account made as an admin stay, by {@code tombstone}. */
  public int anonymiseCanaryDecisions(String userId, String tombstone) {
    return jdbc.sql("update gateway.canary_decisions set actor = ? where actor = ?")
        .params(tombstone, userId)
        .update();
  }

  /** Records that the account's deletion is done; the id is kept only as its hash. */
  public void recordDone(String userHash, UUID eventId, Instant doneAt) {
    jdbc.sql(
            """
            insert into gateway.account_deletions (user_hash, event_id, done_at) values (?, ?, ?)
            on conflict (user_hash) do update
            set event_id = excluded.event_id, done_at = excluded.done_at
            """)
        .params(userHash, eventId, Timestamp.from(doneAt))
        .update();
  }
}
