package com.companion.platform.events;

import com.companion.platform.outbox.OutboxRelay;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Consumer-side de-duplication. The relay delivers at least once, so a consumer records each
 * CloudEvents id it handles in its schema's {@code processed_events} table, in the same transaction
 * as its own change, and skips ids it has seen.
 */
public final class ProcessedEvents {

  private final JdbcTemplate jdbc;
  private final String insert;

  public ProcessedEvents(DataSource dataSource, String schema) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.insert =
        "insert into "
            + OutboxRelay.checkedSchema(schema)
            + ".processed_events (event_id) values (?) on conflict do nothing";
  }

  /** Records the id; true the first time it is seen, false for a repeat delivery. */
  public boolean firstDelivery(String eventId) {
    return jdbc.update(insert, UUID.fromString(eventId)) == 1;
  }
}
