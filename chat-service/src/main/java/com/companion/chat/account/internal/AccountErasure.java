package com.companion.chat.account.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Removes everything {@code chat} holds about one account of one product. Call inside a
 * transaction: the deletion and its record commit together or not at all.
 */
public final class AccountErasure {

  private final JdbcClient jdbc;

  public AccountErasure(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Deletes the user's conversations of the product (their messages, participants and pinned
   * memories go with them by cascade), ratings and idempotency records, and the rest-reminder
   * session. Answers the ids of the deleted conversations, whose cached histories are to go too.
   */
  public List<UUID> erase(String userId, String product) {
    jdbc.sql(
            """
            delete from chat.message_ratings r using chat.conversations c
            where r.conversation_id = c.id and r.user_id = ? and c.product = ?
            """)
        .params(userId, product)
        .update();
    jdbc.sql(
            """
            delete from chat.idempotency_keys where user_id = ? and product = ?
            """)
        .params(userId, product)
        .update();
    List<UUID> conversations =
        jdbc.sql("delete from chat.conversations where user_id = ? and product = ? returning id")
            .params(userId, product)
            .query(UUID.class)
            .list();
    jdbc.sql("delete from chat.chat_sessions where user_id = ? and product = ?")
        .params(userId, product)
        .update();
    return conversations;
  }

  /** Records that the account's deletion is done; the id is kept only as its hash. */
  public void recordDone(String userHash, UUID eventId, Instant doneAt) {
    jdbc.sql(
            """
            insert into chat.account_deletions (user_hash, event_id, done_at) values (?, ?, ?)
            on conflict (user_hash) do update
            set event_id = excluded.event_id, done_at = excluded.done_at
            """)
        .params(userHash, eventId, Timestamp.from(doneAt))
        .update();
  }
}
