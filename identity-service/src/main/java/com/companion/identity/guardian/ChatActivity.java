package com.companion.identity.guardian;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** When a guarded minor chatted and with which character ({@code identity.chat_activity}). */
@Repository
public class ChatActivity {

  /** One chat turn: its time and character, never its text. */
  public record Turn(Instant at, String characterId) {}

  private final JdbcClient jdbc;

  public ChatActivity(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void record(UUID accountId, UUID eventId, Instant at, String characterId) {
    jdbc.sql(
            "insert into identity.chat_activity (account_id, event_id, at, character_id)"
                + " values (?, ?, ?, ?) on conflict do nothing")
        .params(accountId, eventId, Timestamp.from(at), characterId)
        .update();
  }

  public List<Turn> between(UUID accountId, Instant from, Instant to) {
    return jdbc.sql(
            "select at, character_id from identity.chat_activity"
                + " where account_id = ? and at >= ? and at < ? order by at")
        .params(accountId, Timestamp.from(from), Timestamp.from(to))
        .query((rs, i) -> new Turn(rs.getTimestamp("at").toInstant(), rs.getString(2)))
        .list();
  }

  public int purgeBefore(Instant before) {
    return jdbc.sql("delete from identity.chat_activity where at < ?")
        .param(Timestamp.from(before))
        .update();
  }
}
