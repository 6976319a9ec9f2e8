package com.companion.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.companion.platform.events.EventIntake.Delivery;
import com.companion.platform.events.EventIntake.Outcome;
import com.companion.platform.events.EventIntake.Received;
import com.companion.testkit.Infra;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The shared intake against the real PostgreSQL, in a schema of this run's own. Messages are {@code
 * <event id>|<value>}; the handler inserts the value into {@code applied}, so what a test reads
 * there is what the handler's transaction committed.
 */
class EventIntakeIT {

  private static final String SCHEMA =
      "intake_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  private final DataSource dataSource = Infra.dataSource();
  private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
  private final TransactionTemplate transactions =
      new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  private final AtomicInteger calls = new AtomicInteger();

  @BeforeAll
  static void createSchema() throws Exception {
    String v1 =
        new String(
            EventIntakeIT.class
                .getResourceAsStream("/db/migration/platform/V1__outbox.sql")
                .readAllBytes(),
            StandardCharsets.UTF_8);
    JdbcTemplate jdbc = new JdbcTemplate(Infra.dataSource());
    jdbc.execute("create schema if not exists " + SCHEMA);
    jdbc.execute(v1.replace("create table ", "create table if not exists " + SCHEMA + "."));
    jdbc.execute("create table " + SCHEMA + ".applied (event_id uuid not null, value text)");
  }

  @AfterAll
  static void dropSchema() {
    new JdbcTemplate(Infra.dataSource()).execute("drop schema if exists " + SCHEMA + " cascade");
  }

  /** Reads {@code id|value}; a value of {@code other} is a message this consumer ignores. */
  private static Optional<Received<String[]>> read(String message) {
    String[] parts = message.split("\\|", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("not id|value");
    }
    return "other".equals(parts[1])
        ? Optional.empty()
        : Optional.of(new Received<>(parts[0], parts));
  }

  private EventIntake<String[], String> intake(EventIntake.Handler<String[], String> handler) {
    return new EventIntake<>(
        "test-intake",
        new ProcessedEvents(dataSource, SCHEMA),
        transactions,
        EventIntakeIT::read,
        handler);
  }

  /** Inserts the value, then fails when it is {@code fail}. */
  private String apply(String[] event) {
    calls.incrementAndGet();
    jdbc.update(
        "insert into " + SCHEMA + ".applied (event_id, value) values (?, ?)",
        UUID.fromString(event[0]),
        event[1]);
    if (event[1].startsWith("fail")) {
      throw new IllegalStateException("database went away");
    }
    return event[1].toUpperCase();
  }

  @Test
  void anEventDeliveredTwiceIsAppliedOnce() {
    EventIntake<String[], String> intake = intake(this::apply);
    String message = UUID.randomUUID() + "|hello";

    assertThat(intake.handle(message)).isEqualTo(Delivery.handled("HELLO"));
    assertThat(intake.handle(message)).isEqualTo(Delivery.duplicate());

    assertThat(calls).hasValue(1);
    assertThat(applied(message)).containsExactly("hello");
    assertThat(recorded(message)).isTrue();
  }

  @Test
  void aFailingHandlerRollsTheRecordBackSoTheRedeliveryAppliesIt() {
    String id = UUID.randomUUID().toString();
    AtomicInteger attempts = new AtomicInteger();
    EventIntake<String[], String> intake =
        intake(
            event ->
                apply(
                    attempts.incrementAndGet() == 1
                        ? new String[] {event[0], "fail once"}
                        : event));

    assertThatThrownBy(() -> intake.handle(id + "|hello"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(recorded(id + "|")).isFalse();
    assertThat(applied(id + "|")).isEmpty();

    assertThat(intake.handle(id + "|hello")).isEqualTo(Delivery.handled("HELLO"));
    assertThat(applied(id + "|")).containsExactly("hello");
    assertThat(intake.handle(id + "|hello").outcome()).isEqualTo(Outcome.DUPLICATE);
  }

  @Test
  void messagesItDoesNotActOnAndUnreadableOnesAreSkippedWithoutARecord() {
    EventIntake<String[], String> intake = intake(this::apply);
    String other = UUID.randomUUID() + "|other";

    assertThat(intake.handle(other)).isEqualTo(Delivery.ignored());
    assertThat(intake.handle("no separator")).isEqualTo(Delivery.ignored());
    assertThat(intake.handle("not-a-uuid|hello")).isEqualTo(Delivery.ignored());

    assertThat(calls).hasValue(0);
    assertThat(recorded(other)).isFalse();
  }

  @Test
  void theFollowUpRunsAfterTheCommitAndOnlyForAHandledEvent() {
    List<String> seenCommitted = new ArrayList<>();
    EventIntake<String[], String> intake =
        intake(this::apply)
            .afterCommit(
                (event, result) ->
                    seenCommitted.add(
                        result
                            + ":"
                            + applied(event[0] + "|").size()
                            + ":"
                            + TransactionSynchronizationManager.isActualTransactionActive()));
    String message = UUID.randomUUID() + "|hello";

    intake.handle(message);
    intake.handle(message);
    intake.handle(UUID.randomUUID() + "|other");

    assertThat(seenCommitted).containsExactly("HELLO:1:false");
  }

  private List<String> applied(String message) {
    return jdbc.queryForList(
        "select value from " + SCHEMA + ".applied where event_id = ?",
        String.class,
        UUID.fromString(message.substring(0, message.indexOf('|'))));
  }

  private boolean recorded(String message) {
    Integer rows =
        jdbc.queryForObject(
            "select count(*) from " + SCHEMA + ".processed_events where event_id = ?",
            Integer.class,
            UUID.fromString(message.substring(0, message.indexOf('|'))));
    return rows != null && rows == 1;
  }
}
