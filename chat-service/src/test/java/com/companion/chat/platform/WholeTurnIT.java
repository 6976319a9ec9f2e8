package com.companion.chat.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.testkit.Infra;
import com.companion.testkit.ServiceProcess;
import com.companion.testkit.TokenMinter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whole turns with nothing replaced: chat-service (in this JVM) calls the real character-service,
 * model-gateway and an inference node serving the project's checkpoint, each started from its built
 * jar as its own process, on the real PostgreSQL, Redis and Kafka. Fails, saying what to build,
 * when those jars are missing ({@code ./platform test} builds them before this module's integration
 * tests; alone: {@code ./mvnw -DskipTests install}); the checkpoint is committed.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {"chat.max-tokens=24", "chat.account-deletions.consume=false"})
class WholeTurnIT {

  private static final String ALIAS = "chat-test-" + UUID.randomUUID().toString().substring(0, 8);
  private static final List<ServiceProcess> processes = new ArrayList<>();

  /** Fixed before the context starts, so the edge can be told where chat-service is. */
  private static final int CHAT_PORT = Infra.freePort();

  private static final String READY = "/actuator/health/readiness";

  /** Five services start at once on a small machine: give them time. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(150);

  private static Map<String, String> urls;
  private static String startFailure;

  static boolean platformBuilt() {
    try {
      Path root = ServiceProcess.repositoryRoot();
      Path model = root.resolve("inference-node/model");
      return Files.exists(model.resolve("config.json"))
          && Files.exists(model.resolve("model.safetensors"))
          && Files.exists(model.resolve("tokenizer.json"))
          && List.of(
                  "inference-node",
                  "character-service",
                  "model-gateway",
                  "safety-filter",
                  "platform-api/edge")
              .stream()
              .allMatch(WholeTurnIT::built);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean built(String module) {
    try {
      return Files.exists(ServiceProcess.jarOf(module));
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /** Starts the neighbours once, in parallel, the first time the context asks for their URLs. */
  private static synchronized Map<String, String> neighbours() {
    if (urls != null) {
      return urls;
    }
    urls = new HashMap<>();
    if (!platformBuilt()) {
      return urls;
    }
    Map<String, String> infra = Infra.properties();
    Path model = ServiceProcess.repositoryRoot().resolve("inference-node/model");
    // the node admits only the gateway, by a credential made up for this run
    String nodeSecret = java.util.UUID.randomUUID().toString();
    ServiceProcess node =
        ServiceProcess.start(
            "inference-node",
            Map.of(
                "inference.model-dir",
                model.toString(),
                "inference.service-credentials.model-gateway",
                nodeSecret));
    ServiceProcess characters = ServiceProcess.start("character-service", infra);
    ServiceProcess safety = ServiceProcess.start("safety-filter", infra);
    Map<String, String> gatewayProperties = new HashMap<>(infra);
    gatewayProperties.put("gateway.node-credential", "model-gateway:" + nodeSecret);
    gatewayProperties.put("gateway.safety.url", safety.baseUrl());
    ServiceProcess gateway = ServiceProcess.start("model-gateway", gatewayProperties);
    Map<String, String> edgeProperties = new HashMap<>(infra);
    edgeProperties.put("edge.character-service-url", characters.baseUrl());
    edgeProperties.put("edge.chat-service-url", "http://127.0.0.1:" + CHAT_PORT);
    edgeProperties.put("edge.safety-filter-url", safety.baseUrl());
    edgeProperties.put("edge.model-gateway-url", gateway.baseUrl());
    ServiceProcess edge = ServiceProcess.start("platform-api/edge", edgeProperties);
    processes.addAll(List.of(node, characters, gateway, safety, edge));
    List<CompletableFuture<Void>> ready =
        List.of(
            CompletableFuture.runAsync(() -> node.awaitReady("/ready", START_TIMEOUT)),
            CompletableFuture.runAsync(() -> characters.awaitReady(READY, START_TIMEOUT)),
            CompletableFuture.runAsync(() -> gateway.awaitReady(READY, START_TIMEOUT)),
            CompletableFuture.runAsync(() -> safety.awaitReady(READY, START_TIMEOUT)),
            CompletableFuture.runAsync(() -> edge.awaitReady(READY, START_TIMEOUT)));
    // the first failure ends the wait: no point waiting for the others
    CompletableFuture<Void> firstFailure = new CompletableFuture<>();
    ready.forEach(
        future ->
            future.whenComplete(
                (ignored, error) -> {
                  if (error != null) {
                    firstFailure.completeExceptionally(error);
                  }
                }));
    try {
      CompletableFuture.anyOf(
              CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)), firstFailure)
          .join();
    } catch (RuntimeException e) {
      // a neighbour that does not start is that module's failure: report it, do not hide it
      startFailure = e.getMessage();
      processes.forEach(ServiceProcess::kill);
      return urls;
    }
    urls.put("node", node.baseUrl());
    urls.put("characters", characters.baseUrl());
    urls.put("gateway", gateway.baseUrl());
    urls.put("safety", safety.baseUrl());
    urls.put("edge", edge.baseUrl());
    return urls;
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    Infra.properties().forEach((key, value) -> registry.add(key, () -> value));
    registry.add("server.port", () -> String.valueOf(CHAT_PORT));
    registry.add(
        "chat.character-service-url",
        () -> neighbours().getOrDefault("characters", "http://127.0.0.1:1"));
    registry.add(
        "chat.model-gateway-url", () -> neighbours().getOrDefault("gateway", "http://127.0.0.1:1"));
    registry.add(
        "chat.safety-filter-url", () -> neighbours().getOrDefault("safety", "http://127.0.0.1:1"));
    registry.add("chat.model", () -> ALIAS);
  }

  @AfterAll
  static void stop() {
    processes.forEach(ServiceProcess::close);
  }

  private final JsonMapper json = JsonMapper.builder().build();
  private final TokenMinter minter = TokenMinter.local(Clock.systemUTC());

  private String token(String userId, Role... roles) {
    return "Bearer "
        + minter.mint(
            new PlatformPrincipal(userId, "glow", Set.of(roles), AgeGroup.ADULT),
            Duration.ofHours(1));
  }

  private JsonNode call(
      String base, String method, String path, String auth, Object body, int expected) {
    var spec =
        WebClient.create(base)
            .method(org.springframework.http.HttpMethod.valueOf(method))
            .uri(path)
            .header("Authorization", auth)
            .accept(MediaType.APPLICATION_JSON);
    var request =
        body == null ? spec : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    return request
        .exchangeToMono(
            response ->
                response
                    .bodyToMono(String.class)
                    .defaultIfEmpty("null")
                    .map(
                        text -> {
                          assertThat(response.statusCode().value())
                              .as(method + " " + path + ": " + text)
                              .isEqualTo(expected);
                          return json.readTree(text);
                        }))
        .block(Duration.ofSeconds(120));
  }

  @Test
  void aUserChatsWithAPublishedCharacterThroughTheRealServices() {
    // ./platform test packages every neighbour before this module's integration tests; run alone,
    // the test fails and says what to build rather than passing by skipping
    assertThat(platformBuilt())
        .as(
            "the neighbours' jars or the model checkpoint are missing: build them first"
                + " (./mvnw -DskipTests install)")
        .isTrue();
    // built but not starting is a failure, not a reason to skip
    assertThat(startFailure).as("a neighbour service did not start").isNull();
    // every user call goes through the edge, as the apps' calls do
    String chat = urls.get("edge");
    String admin = token("admin-" + UUID.randomUUID(), Role.ADMIN, Role.USER);
    call(
        urls.get("gateway"),
        "PUT",
        "/v1/admin/models/" + ALIAS + "/versions/v1",
        admin,
        Map.of("nodes", List.of(urls.get("node"))),
        201);
    String creator = token("creator-" + UUID.randomUUID(), Role.CREATOR, Role.USER);
    JsonNode character =
        call(
            chat,
            "POST",
            "/v1/characters",
            creator,
            Map.of(
                "name", "Juliet",
                "description", "{{char}} is a young noblewoman of Verona.",
                "personality", "passionate, witty",
                "scenario", "A balcony at night.",
                "first_mes", "Who art thou, {{user}}, that comes by night?",
                "alternate_greetings", List.of("O, {{user}}! Speak again."),
                "visibility", "unlisted"),
            201);
    String user = token("user-" + UUID.randomUUID(), Role.USER);
    // the gateway loads new aliases from PostgreSQL every couple of seconds
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                WebClient.create(urls.get("gateway"))
                    .get()
                    .uri("/v1/models")
                    .header("Authorization", user)
                    .retrieve()
                    .bodyToMono(String.class)
                    .onErrorReturn("")
                    .block(Duration.ofSeconds(10))
                    .contains(ALIAS));

    JsonNode started =
        call(
            chat,
            "POST",
            "/v1/conversations",
            user,
            Map.of("character_id", character.path("id").asString()),
            201);
    assertThat(started.path("greeting").path("content").asString())
        .isEqualTo("Who art thou, User, that comes by night?");
    assertThat(started.path("greeting").path("alternative_count").asInt()).isEqualTo(2);
    String id = started.path("conversation").path("id").asString();

    // a streamed reply in the character's voice, through gateway and node
    String key = UUID.randomUUID().toString();
    List<ServerSentEvent<String>> events =
        WebClient.create(chat)
            .post()
            .uri("/v1/conversations/" + id + "/messages")
            .header("Authorization", user)
            .header("Idempotency-Key", key)
            .accept(MediaType.TEXT_EVENT_STREAM)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("content", "Romeo, my name is Romeo."))
            .retrieve()
            .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
            .collectList()
            .block(Duration.ofSeconds(120));
    assertThat(events).extracting(ServerSentEvent::event).contains("message", "delta", "done");
    JsonNode reply = json.readTree(events.get(events.size() - 2).data());
    assertThat(reply.path("role").asString()).isEqualTo("assistant");
    assertThat(reply.path("content").asString()).isNotBlank();
    JsonNode done = json.readTree(events.getLast().data());
    assertThat(done.path("usage").path("completion_tokens").asInt()).isPositive();

    // the same key again: the stored reply, not a second one
    JsonNode second =
        call(
            chat,
            "POST",
            "/v1/conversations/" + id + "/messages",
            user,
            Map.of("content", "Romeo, my name is Romeo."),
            201);
    assertThat(second.path("reply").path("id").asString())
        .isNotEqualTo(reply.path("id").asString());
    JsonNode retried =
        WebClient.create(chat)
            .post()
            .uri("/v1/conversations/" + id + "/messages")
            .header("Authorization", user)
            .header("Idempotency-Key", key)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("content", "Romeo, my name is Romeo."))
            .retrieve()
            .bodyToMono(String.class)
            .map(json::readTree)
            .block(Duration.ofSeconds(60));
    assertThat(retried.path("reply").path("id").asString()).isEqualTo(reply.path("id").asString());

    // regenerate, rate, edit (branch)
    String lastReply = second.path("reply").path("id").asString();
    JsonNode regenerated =
        call(
            chat,
            "POST",
            "/v1/conversations/" + id + "/messages/" + lastReply + "/regenerate",
            user,
            null,
            201);
    assertThat(regenerated.path("reply").path("alternative").asInt()).isEqualTo(1);
    JsonNode rated =
        call(
            chat,
            "PUT",
            "/v1/conversations/" + id + "/messages/" + lastReply + "/rating",
            user,
            Map.of("stars", 3),
            200);
    assertThat(rated.path("rating").asInt()).isEqualTo(3);
    JsonNode edited =
        call(
            chat,
            "PUT",
            "/v1/conversations/"
                + id
                + "/messages/"
                + second.path("user_message").path("id").asString(),
            user,
            Map.of("content", "Nay, call me Paris."),
            201);
    assertThat(edited.path("reply").path("content").asString()).isNotBlank();
    JsonNode history = call(chat, "GET", "/v1/conversations/" + id + "/messages", user, null, 200);
    assertThat(history.path("items").size()).isEqualTo(5);
  }
}
