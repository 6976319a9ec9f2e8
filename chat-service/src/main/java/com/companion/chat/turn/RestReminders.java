package com.companion.chat.turn;

import com.companion.chat.ChatProperties;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tracks how long a young user has been chatting without a break (turns less than {@code
 * session-gap} apart, across all their conversations) and says when a rest reminder is due: once
 * the stretch reaches {@code rest-reminder-after}, and again after each further such stretch.
 */
public final class RestReminders {

  private final JdbcClient jdbc;
  private final ChatProperties.Minors settings;
  private final Clock clock;

  public RestReminders(JdbcClient jdbc, ChatProperties.Minors settings, Clock clock) {
    this.jdbc = jdbc;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Records a turn in the conversation now; true when a reminder should be shown with it. Nothing
   * is recorded once the conversation is gone: the row would outlive an account's erasure.
   */
  public boolean recordTurn(String userId, String product, UUID conversationId) {
    Instant now = clock.instant();
    Timestamp nowTs = Timestamp.from(now);
    Timestamp gapStart = Timestamp.from(now.minus(settings.sessionGap()));
    Optional<Session> recorded =
        jdbc.sql(
                // the lock serialises with the erasure, which deletes the conversation
                "with live as (select id from chat.conversations where id = ? for key share)"
                    + " insert into chat.chat_sessions (user_id, product, started_at, last_turn_at)"
                    + " select ?, ?, ?, ? from live"
                    + " on conflict (user_id, product) do update set"
                    + " started_at = case when chat.chat_sessions.last_turn_at < ?"
                    + "   then excluded.started_at else chat.chat_sessions.started_at end,"
                    + " reminded_at = case when chat.chat_sessions.last_turn_at < ?"
                    + "   then null else chat.chat_sessions.reminded_at end,"
                    + " last_turn_at = excluded.last_turn_at"
                    + " returning started_at, reminded_at")
            .params(conversationId, userId, product, nowTs, nowTs, gapStart, gapStart)
            .query(
                (rs, i) ->
                    new Session(
                        rs.getTimestamp(1).toInstant(),
                        rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()))
            .optional();
    if (recorded.isEmpty()) {
      return false;
    }
    Session session = recorded.get();
    Duration after = settings.restReminderAfter();
    Instant since = session.remindedAt() == null ? session.startedAt() : session.remindedAt();
    if (Duration.between(since, now).compareTo(after) < 0) {
      return false;
    }
    jdbc.sql("update chat.chat_sessions set reminded_at = ? where user_id = ? and product = ?")
        .params(nowTs, userId, product)
        .update();
    return true;
  }

  private record Session(Instant startedAt, Instant remindedAt) {}
}
