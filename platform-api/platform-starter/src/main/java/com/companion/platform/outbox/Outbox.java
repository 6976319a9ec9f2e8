package com.companion.platform.outbox;

import com.companion.contracts.events.CloudEvent;
import com.companion.contracts.events.Pseudonyms;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes events into the service's {@code outbox} table. Call it inside the same JDBC transaction
 * as the change the event describes: both commit or neither does, so no event is lost and none is
 * published for a change that rolled back. {@link OutboxRelay} moves the rows to Kafka.
 */
public final class Outbox {

  private final JdbcTemplate jdbc;
  private final String insert;
  private final String source;
  private final Pseudonyms pseudonyms;
  private final JsonMapper json;
  private final Clock clock;
  private volatile Runnable whenCommitted = () -> {};

  public Outbox(
      DataSource dataSource,
      String schema,
      String source,
      Pseudonyms pseudonyms,
      JsonMapper json,
      Clock clock) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.insert =
        "insert into "
            + OutboxRelay.checkedSchema(schema)
            + ".outbox (event_id, topic, message_key, payload, created_at) values (?, ?, ?, ?::jsonb, ?)";
    this.source = source;
    this.pseudonyms = pseudonyms;
    this.json = json;
    this.clock = clock;
  }

  /** Runs {@code listener} after each transaction that appended an event commits. */
  public void whenCommitted(Runnable listener) {
    this.whenCommitted = listener;
  }

  /**
   * Appends one event.
   *
   * @param topic a {@link com.companion.contracts.events.Topics} name
   * @param aggregateId the Kafka key: events of one aggregate stay in order
   * @param type the CloudEvents type, e.g. {@code character.created}
   * @param subject what the event is about, e.g. {@code characters/<id>}
   * @param userId the raw user id; only its pseudonym is written
   */
  public CloudEvent append(
      String topic,
      String aggregateId,
      String type,
      String subject,
      String product,
      String userId,
      Object data) {
    CloudEvent event =
        new CloudEvent(
            CloudEvent.SPEC_VERSION,
            UUID.randomUUID().toString(),
            source,
            type,
            clock.instant(),
            subject,
            CloudEvent.JSON_CONTENT,
            product,
            pseudonyms.of(userId),
            json.valueToTree(data));
    jdbc.update(
        insert,
        UUID.fromString(event.id()),
        topic,
        aggregateId,
        json.writeValueAsString(event),
        Timestamp.from(event.time()));
    Runnable listener = whenCommitted;
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              listener.run();
            }
          });
    } else {
      listener.run();
    }
    return event;
  }
}
