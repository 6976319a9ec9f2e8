package com.companion.safety.api;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.testkit.Infra;
import com.companion.testkit.TokenMinter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The service on a random port against the real PostgreSQL, Redis and Kafka. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ApiTestBase {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final TokenMinter MINTER = TokenMinter.local(Clock.systemUTC());

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    Infra.properties().forEach((key, value) -> registry.add(key, () -> value));
    registry.add("platform.outbox.poll-interval", () -> "50ms");
    // the shared lifecycle topic belongs to running services; the intake test runs its own loop
    registry.add("safety.character-reviews.consume", () -> "false");
    // account deletions are consumed (AccountDeletionIT publishes them), in a group of the tests'
    // own: a broker shared with running services keeps their deletions theirs
    registry.add("safety.account-deletions.group-id", () -> "safety-test-" + UUID.randomUUID());
    registry.add("safety.service-credentials.test-tool", () -> SERVICE_SECRET);
    // the real products, and the made-up ones some tests change policies of
    registry.add("platform.auth.products", () -> "glow,xingye,talkie,prod-*");
  }

  /** A service credential made up for the tests, as a deployment would configure its own. */
  static final String SERVICE_SECRET = "test-" + UUID.randomUUID();

  static final String SERVICE_KEY = "test-tool:" + SERVICE_SECRET;

  @LocalServerPort int port;

  WebTestClient client;

  @BeforeEach
  void connect() {
    client =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + port)
            .responseTimeout(Duration.ofSeconds(30))
            .build();
  }

  record User(String id, String token) {}

  static User user(String product, AgeGroup age, Role... roles) {
    String id = "user-" + UUID.randomUUID();
    Set<Role> set = roles.length == 0 ? Set.of(Role.USER) : Set.of(roles);
    return new User(
        id, MINTER.mint(new PlatformPrincipal(id, product, set, age), Duration.ofMinutes(30)));
  }

  /** The same account id with a user's token for another product: another person there. */
  static User inProduct(User user, String product) {
    return new User(
        user.id(),
        MINTER.mint(
            new PlatformPrincipal(user.id(), product, Set.of(Role.USER), AgeGroup.ADULT),
            Duration.ofMinutes(30)));
  }

  static User adult() {
    return user("glow", AgeGroup.ADULT, Role.USER);
  }

  static User minor() {
    return user("glow", AgeGroup.MINOR, Role.USER);
  }

  static User moderator() {
    return user("glow", AgeGroup.ADULT, Role.USER, Role.MODERATOR);
  }

  static User admin() {
    return user("glow", AgeGroup.ADULT, Role.USER, Role.ADMIN);
  }

  JsonNode post(User u, String path, Object body, int expectedStatus) {
    return send(HttpMethod.POST, u, path, body, expectedStatus, headers -> {});
  }

  JsonNode put(User u, String path, Object body, int expectedStatus) {
    return send(HttpMethod.PUT, u, path, body, expectedStatus, headers -> {});
  }

  /** A platform service's call: its credential and, beside it, the user it acts for. */
  JsonNode postAsService(User u, String path, Object body, int expectedStatus) {
    return send(
        HttpMethod.POST,
        u,
        path,
        body,
        expectedStatus,
        headers -> headers.set("X-Service-Key", SERVICE_KEY));
  }

  /** A user's call with a JSON body: checks the status and answers the parsed body, if any. */
  private JsonNode send(
      HttpMethod method,
      User u,
      String path,
      Object body,
      int expectedStatus,
      Consumer<HttpHeaders> moreHeaders) {
    return parse(
        client
            .method(method)
            .uri(path)
            .header("Authorization", "Bearer " + u.token())
            .headers(moreHeaders)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isEqualTo(expectedStatus)
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  JsonNode get(User u, String path, int expectedStatus) {
    return parse(
        client
            .get()
            .uri(path)
            .header("Authorization", "Bearer " + u.token())
            .exchange()
            .expectStatus()
            .isEqualTo(expectedStatus)
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  static JsonNode parse(byte[] body) {
    return body == null ? null : JSON.readTree(new String(body, StandardCharsets.UTF_8));
  }

  /** The relay publishes the outbox row to Kafka; reads the topic until the event shows up. */
  static JsonNode awaitKafkaEvent(String key) {
    java.util.Properties p = new java.util.Properties();
    p.put("bootstrap.servers", Infra.kafkaBootstrap());
    p.put("group.id", "safety-test-" + UUID.randomUUID());
    p.put("auto.offset.reset", "earliest");
    p.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    p.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(p)) {
      consumer.subscribe(List.of("safety.decision"));
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        for (var record : consumer.poll(java.time.Duration.ofMillis(500))) {
          if (key.equals(record.key())) {
            return JSON.readTree(record.value());
          }
        }
      }
    }
    throw new AssertionError("no safety.decision event for " + key);
  }
}
