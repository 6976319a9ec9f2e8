package com.companion.chat.turn.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code Idempotency-Key}s per user. A key is claimed before a turn starts and completed with the
 * turn's outcome; a key past its expiry is treated as new. Expiry comes from the caller's clock.
 */
public final class IdempotencyStore {

  /** What claiming a key found. */
  public sealed interface Claim {
    /** The key is new (or expired): this request runs. */
    record Started() implements Claim {}

    /** A finished request with the same body: its stored outcome. */
    record Replay(String outcomeJson) implements Claim {}

    /** The first request with this key is still running. */
    record Running() implements Claim {}

    /** The key was used with another request. */
    record Mismatch() implements Claim {}
  }

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;

  public IdempotencyStore(JdbcClient jdbc, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  /**
   * Claims a key for a request.
   *
   * @param runningStaleBefore a key still marked running since before this is taken over by the
   *     same request: the one that held it died without finishing
   */
  public Claim claim(
      String userId,
      String product,
      String key,
      String requestHash,
      UUID conversationId,
      Instant now,
      Instant expiresAt,
      Instant runningStaleBefore) {
    return transactions.execute(
        status -> {
          int inserted =
              jdbc.sql(
                      "insert into chat.idempotency_keys (user_id, product, idempotency_key,"
                          + " request_hash, conversation_id, state, created_at, expires_at)"
                          + " values (?, ?, ?, ?, ?, 'running', ?, ?) on conflict do nothing")
                  .params(userId, product, key, requestHash, conversationId, ts(now), ts(expiresAt))
                  .update();
          if (inserted == 1) {
            return new Claim.Started();
          }
          List<Row> rows =
              jdbc.sql(
                      "select request_hash, state, outcome::text, expires_at, created_at"
                          + " from chat.idempotency_keys"
                          + " where user_id = ? and product = ? and idempotency_key = ? for update")
                  .params(userId, product, key)
                  .query(
                      (rs, i) ->
                          new Row(
                              rs.getString(1),
                              rs.getString(2),
                              rs.getString(3),
                              rs.getTimestamp(4).toInstant(),
                              rs.getTimestamp(5).toInstant()))
                  .list();
          if (rows.isEmpty()) {
            // deleted between our insert and select: claim it now
            jdbc.sql(
                    "insert into chat.idempotency_keys (user_id, product, idempotency_key,"
                        + " request_hash, conversation_id, state, created_at, expires_at)"
                        + " values (?, ?, ?, ?, ?, 'running', ?, ?)")
                .params(userId, product, key, requestHash, conversationId, ts(now), ts(expiresAt))
                .update();
            return new Claim.Started();
          }
          Row row = rows.getFirst();
          boolean abandoned =
              "running".equals(row.state())
                  && row.createdAt().isBefore(runningStaleBefore)
                  && row.requestHash().equals(requestHash);
          if (!row.expiresAt().isAfter(now) || abandoned) {
            jdbc.sql(
                    "update chat.idempotency_keys set request_hash = ?, conversation_id = ?,"
                        + " state = 'running', outcome = null, created_at = ?, expires_at = ?"
                        + " where user_id = ? and product = ? and idempotency_key = ?")
                .params(requestHash, conversationId, ts(now), ts(expiresAt), userId, product, key)
                .update();
            return new Claim.Started();
          }
          if (!row.requestHash().equals(requestHash)) {
            return new Claim.Mismatch();
          }
          if ("running".equals(row.state())) {
            return new Claim.Running();
          }
          return new Claim.Replay(row.outcome());
        });
  }

  /** Stores the outcome; call in the transaction that stores the reply. */
  public void complete(String userId, String product, String key, String outcomeJson) {
    jdbc.sql(
            "update chat.idempotency_keys set state = 'done', outcome = ?::jsonb"
                + " where user_id = ? and product = ? and idempotency_key = ?")
        .params(outcomeJson, userId, product, key)
        .update();
  }

  /** Lets the key be used again, when the request left nothing behind. */
  public void forget(String userId, String product, String key) {
    jdbc.sql(
            "delete from chat.idempotency_keys"
                + " where user_id = ? and product = ? and idempotency_key = ?")
        .params(userId, product, key)
        .update();
  }

  /** Removes expired keys. */
  public int purgeExpired(Instant now) {
    return jdbc.sql("delete from chat.idempotency_keys where expires_at <= ?")
        .param(ts(now))
        .update();
  }

  private record Row(
      String requestHash, String state, String outcome, Instant expiresAt, Instant createdAt) {}

  private static Timestamp ts(Instant instant) {
    return Timestamp.from(instant);
  }
}
