package com.companion.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.events.Pseudonyms;
import com.companion.platform.events.ProcessedEvents;
import com.companion.testkit.Infra;
import com.companion.testkit.TopicReader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox against the real PostgreSQL and Kafka, in a schema of its own so that no service's
 * relay, and no other run of this test, competes for its rows. Each test uses its own topic; "Kafka
 * down" is a relay pointed at a port nobody listens on.
 */
class OutboxRelayIT {

  /**
   * A schema of this run's own: a relay publishes every row of its schema, so two runs sharing one
   * database must not share the schema.
   */
  private static final String SCHEMA =
      "outbox_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final DataSource dataSource = Infra.dataSource();
  private final TransactionTemplate transactions =
      new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  private final Outbox outbox =
      new Outbox(dataSource, SCHEMA, "/test", new Pseudonyms("k"), JSON, Clock.systemUTC());

  /** An outbox whose commits wake the relay of the test ({@link #startedAndIdle}). */
  private final Outbox waking =
      new Outbox(dataSource, SCHEMA, "/test", new Pseudonyms("k"), JSON, Clock.systemUTC());

  @BeforeAll
  static void createSchema() throws Exception {
    String v1 =
        new String(
            OutboxRelayIT.class
                .getResourceAsStream("/db/migration/platform/V1__outbox.sql")
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    var jdbc = new org.springframework.jdbc.core.JdbcTemplate(Infra.dataSource());
    jdbc.execute("create schema if not exists " + SCHEMA);
    jdbc.execute(v1.replace("create table ", "create table if not exists " + SCHEMA + "."));
  }

  @AfterAll
  static void dropSchema() {
    new org.springframework.jdbc.core.JdbcTemplate(Infra.dataSource())
        .execute("drop schema if exists " + SCHEMA + " cascade");
  }

  @Test
  void eventsWrittenWhileKafkaIsDownArePublishedInOrderOnceItIsBack() {
    String topic = "test.outbox-" + UUID.randomUUID();
    String aggregate = UUID.randomUUID().toString();
    List<String> written = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      written.add(
          transactions.execute(
              status ->
                  outbox
                      .append(
                          topic, aggregate, "test.step", "tests/1", "glow", "alice", Map.of("n", n))
                      .id()));
    }

    OutboxRelay down =
        new OutboxRelay(
            dataSource,
            "127.0.0.1:" + Infra.freePort(),
            SCHEMA,
            500,
            Duration.ofMillis(50),
            Duration.ZERO);
    try {
      assertThat(down.publishPending()).isZero();
    } finally {
      down.stop();
    }

    OutboxRelay up =
        new OutboxRelay(
            dataSource, Infra.kafkaBootstrap(), SCHEMA, 500, Duration.ofMillis(50), Duration.ZERO);
    try {
      int published = 0;
      for (int round = 0; round < 10 && published < written.size(); round++) {
        published += Math.max(0, up.publishPending());
      }
      assertThat(published).as("events this relay published").isEqualTo(written.size());
    } finally {
      up.stop();
    }

    List<ConsumerRecord<String, String>> records = consume(topic, written.size());
    assertThat(records).extracting(ConsumerRecord::key).containsOnly(aggregate);
    assertThat(records)
        .extracting(record -> JSON.readTree(record.value()).get("id").asString())
        .containsExactlyElementsOf(written);
    JsonNode first = JSON.readTree(records.getFirst().value());
    assertThat(first.get("specversion").asString()).isEqualTo("1.0");
    assertThat(first.get("source").asString()).isEqualTo("/test");
    assertThat(first.get("product").asString()).isEqualTo("glow");
    assertThat(first.get("userid").asString()).startsWith("u_").doesNotContain("alice");
    assertThat(first.get("data").get("n").asInt()).isZero();
  }

  @Test
  void aCommittedEventLeavesAtOnceNotAtTheNextPoll() {
    String topic = "test.outbox-" + UUID.randomUUID();
    OutboxRelay relay = startedAndIdle(topic, Duration.ZERO);
    try {
      String id =
          transactions.execute(
              status ->
                  waking
                      .append(topic, "a", "test.step", "tests/1", "glow", "alice", Map.of())
                      .id());

      List<ConsumerRecord<String, String>> records = consume(topic, 2);
      assertThat(records)
          .extracting(record -> JSON.readTree(record.value()).get("id").asString())
          .endsWith(id);
    } finally {
      relay.stop();
    }
  }

  @Test
  void eventsCommittedWithinTheGatherDelayLeaveInOneRound() {
    String topic = "test.outbox-" + UUID.randomUUID();
    OutboxRelay relay = startedAndIdle(topic, Duration.ofSeconds(2));
    try {
      long roundsBefore = relay.roundsThatPublished();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        // three commits, each waking the relay, well within its gather delay
        ids.add(
            transactions.execute(
                status ->
                    waking
                        .append(topic, "a", "test.step", "tests/1", "glow", "alice", Map.of())
                        .id()));
      }
      assertThat(consume(topic, 4))
          .extracting(record -> JSON.readTree(record.value()).get("id").asString())
          .endsWith(ids.toArray(String[]::new));
      awaitNothingPending(relay);
      assertThat(relay.roundsThatPublished() - roundsBefore)
          .as("rounds that published the three events")
          .isEqualTo(1);
    } finally {
      relay.stop();
    }
  }

  /**
   * A relay woken by commits through {@link #waking}, with a poll interval no test waits for (only
   * a wake-up can publish in time), started, and idle once its first round has published a row
   * written before the start.
   */
  private OutboxRelay startedAndIdle(String topic, Duration gatherDelay) {
    OutboxRelay relay =
        new OutboxRelay(
            dataSource, Infra.kafkaBootstrap(), SCHEMA, 500, Duration.ofHours(1), gatherDelay);
    waking.whenCommitted(relay::wake);
    transactions.execute(
        status -> outbox.append(topic, "a", "test.before", "tests/1", "glow", "alice", Map.of()));
    relay.start();
    awaitNothingPending(relay);
    return relay;
  }

  private static void awaitNothingPending(OutboxRelay relay) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (relay.pending() > 0) {
      assertThat(System.nanoTime()).as("rows published within 30 s").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void rolledBackChangesLeaveNoEvent() {
    String topic = "test.outbox-" + UUID.randomUUID();
    try {
      transactions.executeWithoutResult(
          status -> {
            outbox.append(topic, "a", "test.step", "tests/1", "glow", "alice", Map.of());
            throw new IllegalStateException("the change failed");
          });
    } catch (IllegalStateException expected) {
      // the transaction rolled back
    }
    Integer rows =
        new org.springframework.jdbc.core.JdbcTemplate(dataSource)
            .queryForObject(
                "select count(*) from " + SCHEMA + ".outbox where topic = ?", Integer.class, topic);
    assertThat(rows).isZero();
  }

  @Test
  void consumersDropRepeatDeliveries() {
    ProcessedEvents processed = new ProcessedEvents(dataSource, SCHEMA);
    String id = UUID.randomUUID().toString();

    assertThat(processed.firstDelivery(id)).isTrue();
    assertThat(processed.firstDelivery(id)).isFalse();
  }

  /**
   * Waits until {@code expected} records are on the topic, then reads to its end, so that a
   * duplicate or an extra event fails the test instead of being dropped.
   */
  private static List<ConsumerRecord<String, String>> consume(String topic, int expected) {
    try (TopicReader reader = TopicReader.fromBeginning(Infra.kafkaBootstrap(), topic)) {
      reader.awaitUntil(records -> records.size() >= expected, Duration.ofSeconds(30));
      return reader.readToEnd(Duration.ofSeconds(60));
    }
  }
}
