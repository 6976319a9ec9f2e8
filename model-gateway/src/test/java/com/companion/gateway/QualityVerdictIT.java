package com.companion.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.testkit.Infra;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * growth-analytics' quality verdicts, published to the real Kafka topic, reach the canary: a {@code
 * roll_back} for the current canary rolls it back exactly once however often it arrives; {@code
 * keep}, a verdict on a version that is not the canary and an unreadable event change nothing.
 *
 * <p>Verdicts are keyed by alias, so one alias's verdicts are consumed in the order they were
 * published: a test waits until its last verdict's id is in {@code gateway.processed_events}, and
 * everything before it has then been handled.
 */
class QualityVerdictIT extends GatewayTestSupport {

  static final String TOPIC = "model.quality-verdict";
  static final Duration KAFKA_WAIT = Duration.ofSeconds(60);

  static KafkaProducer<String, String> producer;

  final JdbcTemplate jdbc = new JdbcTemplate(Infra.dataSource());
  FakeNode stable;
  FakeNode canary;
  String alias;
  String admin;

  @BeforeAll
  static void producer() {
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infra.kafkaBootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName()));
  }

  @AfterAll
  static void closeProducer() {
    producer.close();
  }

  @BeforeEach
  void deployWithCanary() {
    stable = startNode();
    canary = startNode();
    alias = deployFresh(stable, canary, canary);
    admin = adminToken();
    startCanary("v2");
    // decisions are ordered by time; let the clock move past the start decision
    clock.advance(Duration.ofSeconds(1));
  }

  @Test
  void aRollBackVerdictRollsTheCanaryBackOnceHoweverOftenItArrives() {
    String first = verdict("v1", "v2", "roll_back", "canary worse on regenerate");
    publish(first);

    eventually("the canary rolled back", KAFKA_WAIT, () -> canaryInDatabase() == null);
    eventually("the rollback in the admin view", () -> aliasView().get("canary").isNull());
    JsonNode view = aliasView();
    assertThat(view.get("stable_version").asString()).isEqualTo("v1");
    JsonNode decision = decisions().get(0);
    assertThat(decision.get("decision").asString()).isEqualTo("rolled_back");
    assertThat(decision.get("actor").asString()).isEqualTo("quality-guard");
    assertThat(decision.get("reason").asString())
        .isEqualTo("quality guard: canary worse on regenerate");
    assertThat(decision.get("stable_version").asString()).isEqualTo("v1");
    assertThat(decision.get("canary_version").asString()).isEqualTo("v2");
    assertThat(decision.get("canary_samples").isNull()).isTrue();
    assertOneRollbackEventInOutbox();

    // the same event redelivered, and the same decision from a second guard instance
    publish(first);
    String secondInstance = verdict("v1", "v2", "roll_back", "canary worse on regenerate");
    publish(secondInstance);
    awaitHandled(secondInstance);
    assertThat(canaryInDatabase()).isNull();
    assertThat(rollbacks()).isEqualTo(1);
    assertOneRollbackEventInOutbox();

    // v2 tried again: the old verdict, redelivered, is about the earlier attempt and is skipped
    // by its id (the canary's state alone would not tell it apart)
    startCanary("v2");
    publish(first);
    String marker = verdict("v1", "v3", "roll_back", "not the canary");
    publish(marker);
    awaitHandled(marker);
    assertThat(canaryInDatabase()).isEqualTo("v2");
    assertThat(rollbacks()).isEqualTo(1);
    assertOneRollbackEventInOutbox();
  }

  @Test
  void keepChangesNothingAndNeverPromotes() {
    publish(verdict("v1", "v2", "keep", "canary not worse on any user signal"));
    String marker = verdict("v1", "v3", "roll_back", "not the canary");
    publish(marker);
    awaitHandled(marker);

    assertCanaryUntouched();
  }

  @Test
  void verdictsOnAnotherVersionAndUnreadableEventsChangeNothing() {
    publish("not a cloud event");
    publish(
        cloudEvent(
            UUID.randomUUID().toString(), Map.of("schema_version", 1, "decision", "roll_back")));
    String otherVersion = verdict("v1", "v3", "roll_back", "canary worse on regenerate");
    String otherStable = verdict("v0", "v2", "roll_back", "canary worse on regenerate");
    publish(otherVersion);
    publish(otherStable);
    awaitHandled(otherVersion);
    awaitHandled(otherStable);

    assertCanaryUntouched();
  }

  private void assertCanaryUntouched() {
    assertThat(canaryInDatabase()).isEqualTo("v2");
    JsonNode view = aliasView();
    assertThat(view.get("stable_version").asString()).isEqualTo("v1");
    assertThat(view.get("canary").get("version").asString()).isEqualTo("v2");
    assertThat(view.get("canary").get("weight").asDouble()).isEqualTo(0.2);
    JsonNode decisions = decisions();
    assertThat(decisions).hasSize(1);
    assertThat(decisions.get(0).get("decision").asString()).isEqualTo("started");
    assertThat(
            jdbc.queryForObject(
                "select count(*) from gateway.outbox where message_key = ?"
                    + " and payload->>'type' <> 'model.canary.started'",
                Integer.class,
                alias))
        .isZero();
  }

  private void startCanary(String version) {
    HttpResponse<String> started =
        send(
            "POST",
            "/v1/admin/models/" + alias + "/canary",
            admin,
            "{\"version\":\"" + version + "\",\"weight\":0.2}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
  }

  /** A verdict event as growth-analytics' quality guard publishes it. */
  private String verdict(String stableVersion, String canaryVersion, String decision, String why) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("schema_version", 1);
    data.put("alias", alias);
    data.put("stable_version", stableVersion);
    data.put("canary_version", canaryVersion);
    data.put("decision", decision);
    data.put("reason", why);
    data.put(
        "log_likelihood_ratio", Map.of("regenerate", 4.9, "low_rating", 0.3, "early_abandon", 0.1));
    return cloudEvent(UUID.randomUUID().toString(), data);
  }

  private String cloudEvent(String id, Map<String, Object> data) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("specversion", "1.0");
    event.put("id", id);
    event.put("source", "/growth-analytics");
    event.put("type", "model.quality.verdict");
    event.put("time", Instant.now().toString());
    event.put("subject", "models/" + alias);
    event.put("datacontenttype", "application/json");
    event.put("data", data);
    return JSON.writeValueAsString(event);
  }

  private void publish(String value) {
    try {
      producer.send(new ProducerRecord<>(TOPIC, alias, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void awaitHandled(String event) {
    String id = json(event).get("id").asString();
    eventually(
        "verdict " + id + " handled",
        KAFKA_WAIT,
        () ->
            jdbc.queryForObject(
                    "select count(*) from gateway.processed_events where event_id = ?::uuid",
                    Integer.class,
                    id)
                == 1);
  }

  private String canaryInDatabase() {
    return jdbc.queryForObject(
        "select canary_version from gateway.model_aliases where alias = ?", String.class, alias);
  }

  private JsonNode aliasView() {
    return json(send("GET", "/v1/admin/models/" + alias, admin, null).body());
  }

  private JsonNode decisions() {
    return json(send("GET", "/v1/admin/models/" + alias + "/decisions", admin, null).body())
        .get("items");
  }

  private long rollbacks() {
    return decisions()
        .valueStream()
        .filter(d -> d.get("decision").asString().equals("rolled_back"))
        .count();
  }

  private void assertOneRollbackEventInOutbox() {
    List<String> payloads =
        jdbc.queryForList(
            "select payload::text from gateway.outbox where message_key = ?"
                + " and payload->>'type' = 'model.canary.rolled_back'",
            String.class,
            alias);
    assertThat(payloads).hasSize(1);
    JsonNode event = json(payloads.getFirst());
    assertThat(event.get("subject").asString()).isEqualTo("models/" + alias);
    JsonNode data = event.get("data");
    assertThat(data.get("decision").asString()).isEqualTo("rolled_back");
    assertThat(data.get("stable_version").asString()).isEqualTo("v1");
    assertThat(data.get("canary_version").asString()).isEqualTo("v2");
    assertThat(data.get("actor").asString()).isEqualTo("quality-guard");
    assertThat(data.get("reason").asString())
        .isEqualTo("quality guard: canary worse on regenerate");
  }
}
