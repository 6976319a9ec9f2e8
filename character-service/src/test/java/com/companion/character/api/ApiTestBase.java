package com.companion.character.api;

import com.companion.character.card.CardJson;
import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.testkit.Infra;
import com.companion.testkit.TokenMinter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service on a random port against the real PostgreSQL and Kafka. Every test works with fresh
 * random user ids, so tests never see each other's private data and can share the database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ApiTestBase {

  /** Keeps decimals exact, so tests can compare extensions byte for byte. */
  static final JsonMapper JSON = CardJson.MAPPER;

  static final TokenMinter MINTER = TokenMinter.local(Clock.systemUTC());

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    Infra.properties().forEach((key, value) -> registry.add(key, () -> value));
    registry.add("platform.outbox.poll-interval", () -> "50ms");
    // the shared decision topic belongs to running services; QueueDecisionIT runs its own loop
    registry.add("character.safety-decisions.consume", () -> "false");
    // account deletions are consumed (AccountDeletionIT publishes them), in a group of the tests'
    // own: a broker shared with running services keeps their deletions theirs
    registry.add(
        "character.account-deletions.group-id", () -> "character-test-" + UUID.randomUUID());
  }

  @LocalServerPort int port;

  WebTestClient client;

  @BeforeEach
  void connect() {
    client =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + port)
            .responseTimeout(Duration.ofSeconds(30))
            .codecs(c -> c.defaultCodecs().maxInMemorySize(32 * 1024 * 1024))
            .build();
  }

  /** A user with a fresh id and a valid token. */
  record User(String id, String token) {}

  static User user(AgeGroup age, Role... roles) {
    return user("user-" + UUID.randomUUID(), "glow", age, roles);
  }

  /** A token for this account id in this product (the same id may exist in several products). */
  static User user(String id, String product, AgeGroup age, Role... roles) {
    Set<Role> set = roles.length == 0 ? Set.of(Role.USER) : Set.of(roles);
    return new User(
        id, MINTER.mint(new PlatformPrincipal(id, product, set, age), Duration.ofMinutes(30)));
  }

  static User adult() {
    return user(AgeGroup.ADULT, Role.USER, Role.CREATOR);
  }

  static User minor() {
    return user(AgeGroup.MINOR, Role.USER, Role.CREATOR);
  }

  static User moderator() {
    return user(AgeGroup.ADULT, Role.USER, Role.MODERATOR);
  }

  static JsonNode parse(byte[] body) {
    return JSON.readTree(new String(body, StandardCharsets.UTF_8));
  }

  WebTestClient.ResponseSpec post(User user, String path, String json) {
    return client
        .post()
        .uri(path)
        .headers(h -> h.setBearerAuth(user.token()))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(json.getBytes(StandardCharsets.UTF_8))
        .exchange();
  }

  WebTestClient.ResponseSpec put(User user, String path, String json) {
    return client
        .put()
        .uri(path)
        .headers(h -> h.setBearerAuth(user.token()))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(json.getBytes(StandardCharsets.UTF_8))
        .exchange();
  }

  WebTestClient.ResponseSpec get(User user, String path) {
    return client.get().uri(path).headers(h -> h.setBearerAuth(user.token())).exchange();
  }

  WebTestClient.ResponseSpec delete(User user, String path) {
    return client.delete().uri(path).headers(h -> h.setBearerAuth(user.token())).exchange();
  }

  JsonNode ok(WebTestClient.ResponseSpec response) {
    return parse(
        response.expectStatus().is2xxSuccessful().expectBody().returnResult().getResponseBody());
  }

  /** Asserts a problem+json answer with this status and returns its body. */
  JsonNode problem(WebTestClient.ResponseSpec response, int status) {
    byte[] body =
        response
            .expectStatus()
            .isEqualTo(status)
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .returnResult()
            .getResponseBody();
    return parse(body);
  }

  /** Creates a character and returns the answer. */
  JsonNode create(User user, String json) {
    return parse(
        post(user, "/v1/characters", json)
            .expectStatus()
            .isCreated()
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  JsonNode create(User user, String name, String visibility) {
    return create(
        user,
        "{\"name\":\"" + name + "\",\"description\":\"d\",\"visibility\":\"" + visibility + "\"}");
  }

  /** Creates a public character and has a moderator approve it. */
  JsonNode published(User user, String json) {
    JsonNode created = create(user, json);
    String id = created.get("id").stringValue();
    ok(post(moderator(), "/v1/characters/" + id + "/review", "{\"decision\":\"approve\"}"));
    return created;
  }

  /** Likes a character (idempotent). */
  void like(User user, String id) {
    ok(
        client
            .put()
            .uri("/v1/characters/" + id + "/like")
            .headers(h -> h.setBearerAuth(user.token()))
            .exchange());
  }

  int myCharacterCount(User user) {
    return ok(get(user, "/v1/me/characters")).get("items").size();
  }
}
