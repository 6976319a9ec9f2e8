package com.companion.chat.support;

import com.companion.chat.catalog.CharacterCatalog;
import com.companion.chat.model.ModelClient;
import com.companion.chat.safety.ContentSafety;
import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.testkit.Infra;
import com.companion.testkit.TokenMinter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole service on a random port with the real PostgreSQL, Redis and Kafka; the neighbouring
 * services are replaced by scripted implementations of chat-service's own interfaces to them.
 * Subclasses share one application context.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "chat.tokenizer-path=target/no-such-tokenizer/tokenizer.json",
      "chat.memory.summary-every-turns=3",
      "chat.memory.pinned-limit=3",
      "chat.context-tokens=1024",
      "chat.max-tokens=100",
      "platform.outbox.poll-interval=100ms"
    })
@Import(ChatIntegrationTest.Seams.class)
public abstract class ChatIntegrationTest {

  public static final Instant START = Instant.parse("2026-11-28T10:00:00Z");

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry registry) {
    Infra.properties().forEach((key, value) -> registry.add(key, () -> value));
    registry.add("chat.identity.url", IdentityStub::url);
    // a group of its own: a broker shared with running services keeps their deletions theirs
    registry.add("chat.account-deletions.group-id", () -> "chat-test-" + UUID.randomUUID());
  }

  @TestConfiguration
  public static class Seams {
    @Bean
    @Primary
    ScriptedModel scriptedModel() {
      return new ScriptedModel();
    }

    @Bean
    @Primary
    InMemoryCatalog inMemoryCatalog() {
      return new InMemoryCatalog();
    }

    /** Left out where a test talks to the real safety-filter ({@code chat.test.safety=real}). */
    @Bean
    @Primary
    @ConditionalOnProperty(
        name = "chat.test.safety",
        havingValue = "keyword",
        matchIfMissing = true)
    KeywordSafety keywordSafety() {
      return new KeywordSafety();
    }

    @Bean
    @Primary
    MutableClock mutableClock() {
      return new MutableClock(START);
    }
  }

  @LocalServerPort protected int port;
  @Autowired protected ScriptedModel model;
  @Autowired protected InMemoryCatalog catalog;

  @Autowired(required = false)
  protected KeywordSafety safety;

  @Autowired protected MutableClock clock;
  @Autowired protected DataSource dataSource;
  @Autowired protected ModelClient modelClient;
  @Autowired protected CharacterCatalog characterCatalog;
  @Autowired protected ContentSafety contentSafety;
  @Autowired protected Clock injectedClock;

  protected final JsonMapper json = JsonMapper.builder().build();
  protected WebClient http;
  protected JdbcClient jdbc;

  @BeforeEach
  void setUpClient() {
    http = WebClient.builder().baseUrl("http://127.0.0.1:" + port).build();
    jdbc = JdbcClient.create(dataSource);
    model.reset();
  }

  /** A new user with a token. */
  protected User user(AgeGroup age) {
    PlatformPrincipal principal =
        new PlatformPrincipal("user-" + UUID.randomUUID(), "glow", Set.of(Role.USER), age);
    String token = TokenMinter.local(Clock.systemUTC()).mint(principal, Duration.ofHours(1));
    return new User(principal, "Bearer " + token);
  }

  protected User adult() {
    return user(AgeGroup.ADULT);
  }

  /** The same account ({@code sub}) with a token for another product. */
  protected User inProduct(User user, String product) {
    PlatformPrincipal principal =
        new PlatformPrincipal(
            user.id(), product, user.principal().roles(), user.principal().ageGroup());
    String token = TokenMinter.local(Clock.systemUTC()).mint(principal, Duration.ofHours(1));
    return new User(principal, "Bearer " + token);
  }

  public record User(PlatformPrincipal principal, String authorization) {
    public String id() {
      return principal.userId();
    }
  }

  /** A JSON answer with its status. */
  public record Answer(int status, JsonNode body) {}

  protected Answer call(String method, String path, User user, Object body) {
    return call(method, path, user, body, Map.of());
  }

  protected Answer call(
      String method, String path, User user, Object body, Map<String, String> headers) {
    var spec =
        http.method(org.springframework.http.HttpMethod.valueOf(method))
            .uri(path)
            .headers(
                h -> {
                  if (user != null) {
                    h.set("Authorization", user.authorization());
                  }
                  headers.forEach(h::set);
                })
            .accept(MediaType.APPLICATION_JSON);
    var request =
        body == null ? spec : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    return request
        .exchangeToMono(
            response ->
                response
                    .bodyToMono(String.class)
                    .defaultIfEmpty("")
                    .map(
                        text ->
                            new Answer(
                                response.statusCode().value(),
                                text.isEmpty() ? json.nullNode() : json.readTree(text))))
        .block(Duration.ofSeconds(30));
  }

  protected static final ParameterizedTypeReference<ServerSentEvent<String>> SSE =
      new ParameterizedTypeReference<>() {};

  /** An SSE event: its name and JSON data. */
  public record Event(String name, JsonNode data) {}

  protected Flux<Event> stream(String path, User user, Object body, Map<String, String> headers) {
    return http.post()
        .uri(path)
        .headers(
            h -> {
              h.set("Authorization", user.authorization());
              headers.forEach(h::set);
            })
        .accept(MediaType.TEXT_EVENT_STREAM)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body == null ? Map.of() : body)
        .retrieve()
        .bodyToFlux(SSE)
        .map(e -> new Event(e.event(), json.readTree(e.data())));
  }

  protected List<Event> streamAll(
      String path, User user, Object body, Map<String, String> headers) {
    return stream(path, user, body, headers).collectList().block(Duration.ofSeconds(30));
  }

  /** Starts a 1:1 conversation and returns its id. */
  protected String startWith(User user, String characterId) {
    Answer started = call("POST", "/v1/conversations", user, Map.of("character_id", characterId));
    if (started.status() != 201) {
      throw new AssertionError("start failed: " + started);
    }
    return started.body().path("conversation").path("id").asString();
  }

  /** Starts a conversation with a plain character of its own (Ada, who says "Hello!"). */
  protected String startWithAda(User user) {
    return startWith(user, catalog.character("Ada", "Hello!", List.of()).id());
  }

  protected Answer send(User user, String conversationId, String content) {
    return call(
        "POST",
        "/v1/conversations/" + conversationId + "/messages",
        user,
        Map.of("content", content));
  }
}
