package com.companion.edge.events;

import static com.companion.edge.support.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.events.Topics;
import com.companion.edge.support.EdgeInstance;
import com.companion.edge.support.Tokens;
import com.companion.testkit.Infra;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ClientEventsIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WebTestClient edge = EdgeInstance.shared().client();
  private KafkaConsumer<String, String> consumer;

  @BeforeEach
  void consumeFromTheEndOfTheTopic() {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.kafkaBootstrap());
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(config);
    // asking for the partitions creates the topic on a broker that auto-creates topics
    List<TopicPartition> partitions = new ArrayList<>();
    Instant deadline = Instant.now().plusSeconds(30);
    while (partitions.isEmpty() && Instant.now().isBefore(deadline)) {
      consumer
          .partitionsFor(Topics.CLIENT_EVENT, Duration.ofSeconds(10))
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
  }

  @AfterEach
  void close() {
    consumer.close();
  }

  @Test
  void batchIsAcceptedAndReachesKafkaAsCloudEvents() {
    String marker = UUID.randomUUID().toString();
    String user = Tokens.newUser();
    String token = Tokens.forUser(user, "talkie");
    Instant clientTime = Instant.now().minusSeconds(60);

    post(
            token,
            Map.of(
                "events",
                List.of(
                    event("screen_view", clientTime, Map.of("marker", marker, "screen", "home")),
                    Map.of(
                        "id",
                        "evt-" + marker,
                        "name",
                        "paywall.shown",
                        "time",
                        clientTime.toString(),
                        "properties",
                        Map.of("marker", marker)))))
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.accepted")
        .isEqualTo(2);

    List<ConsumerRecord<String, String>> records = readUntil(marker, 2);
    assertThat(records).hasSize(2);
    JsonNode first = JSON.readTree(records.get(0).value());
    assertThat(first.get("type").asString()).isEqualTo("client.event");
    assertThat(first.get("source").asString()).isEqualTo("/edge");
    assertThat(first.get("product").asString()).isEqualTo("talkie");
    assertThat(first.get("userid").asString()).startsWith("u_").doesNotContain(user);
    assertThat(first.get("data").get("name").asString()).isEqualTo("screen_view");
    assertThat(first.get("data").get("age_group").asString()).isEqualTo("adult");
    assertThat(Instant.parse(first.get("data").get("client_time").asString()))
        .isEqualTo(clientTime);
    assertThat(first.get("data").get("properties").get("screen").asString()).isEqualTo("home");
    // one key per user, and it is the pseudonym, never the account id
    assertThat(records.get(0).key()).isEqualTo(first.get("userid").asString());
    assertThat(records.get(1).key()).isEqualTo(records.get(0).key());
    JsonNode second = JSON.readTree(records.get(1).value()).get("data");
    assertThat(second.get("name").asString()).isEqualTo("paywall.shown");
    assertThat(second.get("client_event_id").asString()).isEqualTo("evt-" + marker);
  }

  @Test
  void batchWithOneBadEventIsRejectedWholeAndNothingIsPublished() {
    String user = Tokens.newUser();
    String token = Tokens.forUser(user, "glow");
    String rejected = UUID.randomUUID().toString();
    post(
            token,
            Map.of(
                "events",
                List.of(
                    event("ok_event", Instant.now(), Map.of("marker", rejected)),
                    event("bad name!", Instant.now(), Map.of("marker", rejected)))))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("events[1].name");

    // a later batch of the same user goes to the same partition, after anything written before
    String accepted = UUID.randomUUID().toString();
    post(
            token,
            Map.of("events", List.of(event("ok_event", Instant.now(), Map.of("marker", accepted)))))
        .expectStatus()
        .isAccepted();
    List<ConsumerRecord<String, String>> seen = readUntil(accepted, 1);
    assertThat(seen).hasSize(1);
    assertThat(seenMarkers).doesNotContain(rejected);
  }

  @Test
  void invalidBatchesAre400() {
    String token = Tokens.fresh();
    Instant now = Instant.now();
    post(token, Map.of("events", List.of())).expectStatus().isBadRequest();
    post(token, Map.of("other", 1)).expectStatus().isBadRequest();
    List<Map<String, Object>> tooMany = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      tooMany.add(event("e", now, Map.of()));
    }
    post(token, Map.of("events", tooMany))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.limit")
        .isEqualTo(100);
    post(token, Map.of("events", List.of(Map.of("name", "e", "time", "yesterday"))))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("events[0].time");
    post(token, Map.of("events", List.of(event("e", now.minus(Duration.ofDays(30)), Map.of()))))
        .expectStatus()
        .isBadRequest();
    post(
            token,
            Map.of("events", List.of(Map.of("name", "e", "time", now.toString(), "properties", 5))))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("events[0].properties");
    post(token, Map.of("events", List.of(event("e", now, Map.of("blob", "x".repeat(9000))))))
        .expectStatus()
        .isBadRequest();
    edge.post()
        .uri("/v1/events")
        .header(HttpHeaders.AUTHORIZATION, bearer(token))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{not json")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }

  private final List<String> seenMarkers = new ArrayList<>();

  private List<ConsumerRecord<String, String>> readUntil(String marker, int count) {
    List<ConsumerRecord<String, String>> matching = new ArrayList<>();
    Instant deadline = Instant.now().plusSeconds(60);
    while (matching.size() < count && Instant.now().isBefore(deadline)) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
        JsonNode properties = JSON.readTree(record.value()).path("data").path("properties");
        String found = properties.path("marker").asString("");
        seenMarkers.add(found);
        if (marker.equals(found)) {
          matching.add(record);
        }
      }
    }
    return matching;
  }

  private WebTestClient.ResponseSpec post(String token, Object body) {
    return edge.post()
        .uri("/v1/events")
        .header(HttpHeaders.AUTHORIZATION, bearer(token))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private static Map<String, Object> event(
      String name, Instant time, Map<String, Object> properties) {
    return Map.of("name", name, "time", time.toString(), "properties", properties);
  }
}
