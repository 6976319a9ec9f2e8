package com.companion.analytics.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.companion.analytics.AnalyticsProperties;
import com.companion.analytics.EventProducer;
import com.companion.analytics.Events;
import com.companion.analytics.intake.DeadLetter;
import com.companion.analytics.readmodel.FigureRows;
import com.companion.analytics.rebuild.Rebuild;
import com.companion.analytics.stream.AnalyticsStreams;
import com.companion.analytics.stream.AnalyticsTopics;
import com.companion.analytics.stream.AnalyticsTopology;
import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.contracts.events.Pseudonyms;
import com.companion.contracts.events.Topics;
import com.companion.testkit.Infra;
import com.companion.testkit.TokenMinter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service against the real Kafka and PostgreSQL: events go into the platform topics, figures
 * come out of the HTTP API. Each test uses a product (or model alias) of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AnalyticsApiIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TokenMinter MINTER = TokenMinter.local(Clock.systemUTC());
  private static final Duration FIGURES_WAIT = Duration.ofSeconds(90);
  private static final EventProducer EVENTS = new EventProducer();
  private static final String PSEUDONYM_KEY = "analytics-it-pseudonym-key";
  private static final Pseudonyms PSEUDONYMS = new Pseudonyms(PSEUDONYM_KEY);

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
    Infra.properties().forEach((key, value) -> registry.add(key, () -> value));
    // the topics exist with their partitions before anything writes to them
    AnalyticsStreams.ensureTopics(properties(), Infra.kafkaBootstrap());
    registry.add("analytics.application-id", () -> "analytics-it-" + UUID.randomUUID());
    String stateDir = Files.createTempDirectory("analytics-it").toString();
    registry.add("analytics.state-dir", () -> stateDir);
    registry.add("analytics.guard.interval", () -> "1s");
    // not the default: /creators/me must use the configured key, as the services do
    registry.add("platform.outbox.pseudonym-key", () -> PSEUDONYM_KEY);
  }

  static AnalyticsProperties properties() {
    return new AnalyticsProperties(
        "unused", Path.of("unused"), null, null, null, null, 4, (short) -1, 1, 0, true, true);
  }

  @AfterAll
  static void closeProducer() {
    EVENTS.close();
  }

  @LocalServerPort int port;
  private WebTestClient client;

  @BeforeEach
  void connect() {
    client =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + port)
            .responseTimeout(Duration.ofSeconds(30))
            .build();
  }

  private static String token(Role... roles) {
    return MINTER.mint(
        new PlatformPrincipal("staff-" + UUID.randomUUID(), "glow", Set.of(roles), AgeGroup.ADULT),
        Duration.ofMinutes(30));
  }

  private static String token(String user, String product, Role... roles) {
    return MINTER.mint(
        new PlatformPrincipal(user, product, Set.of(roles), AgeGroup.ADULT),
        Duration.ofMinutes(30));
  }

  private JsonNode get(String path, String token) {
    byte[] body =
        client
            .get()
            .uri(path)
            .header("Authorization", "Bearer " + token)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    return JSON.readTree(body);
  }

  private JsonNode get(String path) {
    return get(path, token(Role.ANALYST));
  }

  @Test
  void eventsBecomeTodaysFiguresOnceEachAndBadOrLateOnesBecomeDeadLetters() {
    String product = "it-" + UUID.randomUUID().toString().substring(0, 8);
    Instant now = Instant.now();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    String c1 = "conv-" + UUID.randomUUID();
    String c2 = "conv-" + UUID.randomUUID();
    String repeated =
        Events.turn(
            UUID.randomUUID().toString(),
            product,
            "u1",
            now,
            c1,
            "send",
            "v1",
            120L,
            "juliet",
            "allowed");
    EVENTS.send(Topics.CHAT_TURN, c1, repeated);
    EVENTS.send(Topics.CHAT_TURN, c1, repeated);
    EVENTS.send(
        Topics.CHAT_TURN,
        c1,
        Events.turn(product, "u1", now.plusSeconds(30), c1, "send", "v1", 150L));
    EVENTS.send(
        Topics.CHAT_TURN,
        c2,
        Events.turn(product, "u2", now.plusSeconds(40), c2, "send", "v1", 180L));
    // three days old: behind the stream by more than the 48 h grace
    EVENTS.send(
        Topics.CHAT_TURN,
        c1,
        Events.turn(product, "u3", now.minus(Duration.ofDays(3)), c1, "send", "v1", 100L));
    EVENTS.send(Topics.CHAT_TURN, c1, "{\"id\": \"broken");
    EVENTS.send(
        Topics.CHAT_TURN,
        c1,
        Events.envelope(
            UUID.randomUUID().toString(),
            "chat.turn.completed",
            now,
            product,
            "u1",
            Map.of("kind", "send")));
    // after the bad ones: the stream goes on
    EVENTS.send(
        Topics.CHAT_TURN,
        c2,
        Events.turn(product, "u2", now.plusSeconds(50), c2, "send", "v1", 180L));

    String path = "/v1/analytics/daily?product=" + product + "&from=" + today + "&to=" + today;
    await()
        .atMost(FIGURES_WAIT)
        .untilAsserted(
            () -> {
              JsonNode day = get(path).get("days").get(0);
              assertThat(day.get("messages").asLong()).isEqualTo(4);
              assertThat(day.get("dau").asLong()).isEqualTo(2);
              assertThat(day.get("conversations").asLong()).isEqualTo(2);
              assertThat(day.get("new_users").asLong()).isEqualTo(2);
              assertThat(day.get("wau").asLong()).isEqualTo(2);
              assertThat(day.get("mau").asLong()).isEqualTo(2);
            });
    JsonNode day = get(path);
    assertThat(day.get("product").asString()).isEqualTo(product);
    assertThat(day.get("days").get(0).get("date").asString()).isEqualTo(today.toString());

    List<DeadLetter> letters = deadLettersFor(Set.of(c1), 3);
    assertThat(letters)
        .extracting(DeadLetter::reason)
        .anySatisfy(reason -> assertThat(reason).startsWith("late: event time"))
        .anySatisfy(reason -> assertThat(reason).startsWith("not JSON"))
        .anySatisfy(reason -> assertThat(reason).isEqualTo("missing field: data.conversation_id"));
    await()
        .atMost(FIGURES_WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        get("/v1/analytics/dead-letters").get("days").get(0).get("events").asLong())
                    .isGreaterThanOrEqualTo(3));
  }

  @Test
  void modelQualityPerVersionOfAnAlias() {
    String product = "it-" + UUID.randomUUID().toString().substring(0, 8);
    String alias = "alias-" + UUID.randomUUID().toString().substring(0, 8);
    String stable = alias + "-v1";
    String canary = alias + "-v2";
    Instant now = Instant.now();
    EVENTS.send(Topics.MODEL_REQUEST, "r1", Events.modelRequest(now, alias, stable));
    EVENTS.send(Topics.MODEL_REQUEST, "r2", Events.modelRequest(now, alias, canary));
    EVENTS.send(Topics.MODEL_REQUEST, "r3", Events.modelRequest(now, alias, stable));
    String conversation = "conv-" + UUID.randomUUID();
    String first = UUID.randomUUID().toString();
    EVENTS.send(
        Topics.CHAT_TURN,
        conversation,
        Events.turn(
            first, product, "u1", now, conversation, "send", stable, 200L, "c1", "allowed"));
    EVENTS.send(
        Topics.CHAT_TURN,
        conversation,
        Events.turn(
            UUID.randomUUID().toString(),
            product,
            "u1",
            now.plusSeconds(5),
            conversation,
            "regenerate",
            canary,
            400L,
            "c1",
            "allowed"));
    EVENTS.send(
        Topics.CHAT_TURN,
        conversation,
        Events.rating(product, "u1", now.plusSeconds(6), conversation, "m-" + first, 3));

    await()
        .atMost(FIGURES_WAIT)
        .untilAsserted(
            () -> {
              JsonNode versions = get("/v1/analytics/models/" + alias + "/quality").get("versions");
              assertThat(versions).hasSize(2);
              JsonNode v1 = versions.get(0);
              assertThat(v1.get("version").asString()).isEqualTo(stable);
              assertThat(v1.get("turns").asLong()).isEqualTo(1);
              assertThat(v1.get("regenerate_rate").asDouble()).isEqualTo(1.0);
              assertThat(v1.get("rating_mean").asDouble()).isEqualTo(3.0);
              assertThat(v1.get("rating_distribution").get("3").asLong()).isEqualTo(1);
              assertThat(versions.get(1).get("ttft_p50_ms").asLong()).isBetween(400L, 480L);
              JsonNode verdict = get("/v1/analytics/models/" + alias + "/quality").get("verdict");
              assertThat(verdict.get("stable_version").asString()).isEqualTo(stable);
              assertThat(verdict.get("canary_version").asString()).isEqualTo(canary);
              assertThat(verdict.get("decision").asString()).isEqualTo("continue");
            });
  }

  @Test
  void aRebuildFromTheBeginningOfTheTopicsEndsWithTheSameFigures() throws Exception {
    String product = "it-" + UUID.randomUUID().toString().substring(0, 8);
    Instant now = Instant.now();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    for (int user = 0; user < 5; user++) {
      String conversation = "conv-" + UUID.randomUUID();
      EVENTS.send(
          Topics.CLIENT_EVENT,
          "u" + user,
          Events.client(product, "u" + user, now, "character_impression", "c1"));
      EVENTS.send(
          Topics.CLIENT_EVENT,
          "u" + user,
          Events.client(product, "u" + user, now.plusSeconds(1), "character_view", "c1"));
      for (int turn = 0; turn <= user; turn++) {
        EVENTS.send(
            Topics.CHAT_TURN,
            conversation,
            Events.turn(
                product, "u" + user, now.plusSeconds(10 + turn), conversation, "send", "v1", 90L));
      }
    }
    await()
        .atMost(FIGURES_WAIT)
        .untilAsserted(
            () -> {
              assertThat(
                      get("/v1/analytics/daily?product=" + product)
                          .get("days")
                          .get(29)
                          .get("messages")
                          .asLong())
                  .isEqualTo(15);
              JsonNode steps = get("/v1/analytics/funnel?product=" + product).get("steps");
              assertThat(steps.get(0).get("users").asLong()).isEqualTo(5);
              assertThat(steps.get(3).get("users").asLong()).isEqualTo(1);
            });

    Rebuild.Result result =
        Rebuild.rebuild(
            Infra.kafkaBootstrap(),
            new FigureRows(Infra.dataSource()),
            key -> key.contains("|" + product + "|"));
    assertThat(result.differences()).isEmpty();
    assertThat(result.equal()).isGreaterThanOrEqualTo(3); // daily, cohort, funnel at least
    assertThat(today).isNotNull();
  }

  @Test
  void creatorsFiguresPerProductServedToAnalystsAndEachCreatorTheirOwn() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String glow = "it-glow-" + suffix;
    String talk = "it-talk-" + suffix;
    // token subjects; events name them by pseudonym, as the services' outboxes write them
    String alice = "alice-" + suffix;
    String bob = "bob-" + suffix;
    Instant now = Instant.now();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);

    // bob's character is chatted with before its creation reaches the stream
    for (String user : List.of("u1", "u5", "u6", "u7")) {
      chat(glow, user, "b1", now, 1);
    }
    created(glow, bob, "b1", now);
    created(glow, alice, "a1", now);
    created(glow, alice, "a2", now);
    created(talk, alice, "a3", now);
    created(talk, bob, "b2", now);
    chat(glow, "u1", "a1", now, 2);
    chat(glow, "u2", "a1", now, 1);
    chat(glow, "u1", "a2", now, 1);
    chat(talk, "u1", "a3", now, 5);
    chat(talk, "u9", "b2", now, 1);
    lifecycle(glow, "u3", "a1", "liked", now);
    lifecycle(glow, "u4", "a2", "liked", now);
    lifecycle(glow, "u4", "a2", "unliked", now.plusSeconds(1));

    String top = "/v1/analytics/creators/top?product=" + glow + "&date=" + today;
    await()
        .atMost(FIGURES_WAIT)
        .untilAsserted(
            () -> {
              JsonNode items = get(top).get("items");
              assertThat(items).hasSize(2);
              // most chats first: bob's 4 conversations, then alice's 3
              assertCreator(items.get(0), PSEUDONYMS.of(bob), 1, 4, 4, 4, 0);
              assertCreator(items.get(1), PSEUDONYMS.of(alice), 2, 3, 4, 2, 1);
              assertThat(items.get(1).get("new_chatters").asLong()).isEqualTo(2);
              assertThat(items.get(1).get("d7_retention").isNull()).isTrue();
            });
    assertThat(get(top + "&limit=1").get("items")).hasSize(1);

    // each creator sees their own figures, in their token's product only
    String me = "/v1/analytics/creators/me?from=" + today + "&to=" + today;
    await()
        .atMost(FIGURES_WAIT)
        .untilAsserted(
            () -> {
              assertCreator(
                  get(me, token(alice, glow, Role.USER, Role.CREATOR)).get("days").get(0),
                  null,
                  2,
                  3,
                  4,
                  2,
                  1);
              assertCreator(
                  get(me, token(bob, glow, Role.CREATOR)).get("days").get(0), null, 1, 4, 4, 4, 0);
              assertCreator(
                  get(me, token(alice, talk, Role.CREATOR)).get("days").get(0),
                  null,
                  1,
                  1,
                  5,
                  1,
                  0);
              assertCreator(
                  get(me, token(bob, talk, Role.CREATOR)).get("days").get(0), null, 1, 1, 1, 1, 0);
            });
    JsonNode own = get(me + "&product=" + glow, token(alice, glow, Role.CREATOR));
    assertThat(own.get("product").asString()).isEqualTo(glow);
    assertThat(own.get("days")).hasSize(1);
    assertThat(own.toString()).doesNotContain(PSEUDONYMS.of(bob));
    // a creator without characters has nothing, whoever else has figures that day
    assertCreator(
        get(me, token("carol-" + suffix, glow, Role.CREATOR)).get("days").get(0),
        null,
        0,
        0,
        0,
        0,
        0);

    // another product's figures are not theirs; a plain user or an analyst is no creator
    client
        .get()
        .uri(me + "&product=" + talk)
        .header("Authorization", "Bearer " + token(alice, glow, Role.CREATOR))
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentType("application/problem+json");
    for (Role role : List.of(Role.USER, Role.ANALYST)) {
      client
          .get()
          .uri(me)
          .header("Authorization", "Bearer " + token(alice, glow, role))
          .exchange()
          .expectStatus()
          .isForbidden();
    }
    // the top list is for analysts and admins
    client
        .get()
        .uri(top)
        .header("Authorization", "Bearer " + token(alice, glow, Role.USER, Role.CREATOR))
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentType("application/problem+json")
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://companion.example/problems/forbidden");
    assertBadRequest(top + "&limit=0", "limit", "limit must be between 1 and 100");
    client
        .get()
        .uri("/v1/analytics/creators/top?date=" + today)
        .header("Authorization", "Bearer " + token(Role.ADMIN))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("product");
    client
        .get()
        .uri("/v1/analytics/creators/me?from=2026-13-01")
        .header("Authorization", "Bearer " + token(alice, glow, Role.CREATOR))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("from");

    // a replay of the topics gives the same creator figures
    Rebuild.Result rebuilt =
        Rebuild.rebuild(
            Infra.kafkaBootstrap(),
            new FigureRows(Infra.dataSource()),
            key ->
                key.startsWith("creator|" + glow + "|") || key.startsWith("creator|" + talk + "|"));
    assertThat(rebuilt.differences()).isEmpty();
    assertThat(rebuilt.equal()).isEqualTo(4);
  }

  /** The services name the owner of a created character by the pseudonym of their account. */
  private static void created(String product, String owner, String character, Instant at) {
    lifecycle(product, PSEUDONYMS.of(owner), character, "created", at);
  }

  private static void lifecycle(
      String product, String actor, String character, String action, Instant at) {
    EVENTS.send(
        Topics.CHARACTER_LIFECYCLE,
        character,
        Events.character(product, actor, at, character, action));
  }

  /** One conversation of {@code user} with {@code character}: that many messages. */
  private static void chat(
      String product, String user, String character, Instant at, int messages) {
    String conversation = "conv-" + UUID.randomUUID();
    for (int i = 0; i < messages; i++) {
      EVENTS.send(
          Topics.CHAT_TURN,
          conversation,
          Events.message(product, user, at.plusSeconds(i), conversation, character));
    }
  }

  private static void assertCreator(
      JsonNode day,
      String creator,
      long activeCharacters,
      long chats,
      long messages,
      long chatters,
      long likes) {
    if (creator != null) {
      assertThat(day.get("creator_id").asString()).isEqualTo(creator);
    }
    assertThat(day.get("active_characters").asLong()).isEqualTo(activeCharacters);
    assertThat(day.get("chats").asLong()).isEqualTo(chats);
    assertThat(day.get("messages").asLong()).isEqualTo(messages);
    assertThat(day.get("chatters").asLong()).isEqualTo(chatters);
    assertThat(day.get("likes").asLong()).isEqualTo(likes);
  }

  @Test
  void bothTopListsCheckTheirParametersAlike() {
    for (String list : List.of("characters", "creators")) {
      String top = "/v1/analytics/" + list + "/top";
      assertBadRequest(top + "?date=2026-11-30", "product", "product is required");
      assertBadRequest(
          top + "?product=glow&date=2026-02-30", "date", "date must be a date like 2026-11-30");
      assertBadRequest(top + "?product=glow&limit=101", "limit", "limit must be between 1 and 100");
      assertThat(get(top + "?product=glow&limit=1").get("product").asString()).isEqualTo("glow");
    }
  }

  private void assertBadRequest(String path, String field, String detail) {
    client
        .get()
        .uri(path)
        .header("Authorization", "Bearer " + token(Role.ANALYST))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType("application/problem+json")
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo(field)
        .jsonPath("$.detail")
        .isEqualTo(detail);
  }

  @Test
  void onlyAnalystsAndAdminsMayRead() {
    client.get().uri("/v1/analytics/daily?product=glow").exchange().expectStatus().isUnauthorized();
    client
        .get()
        .uri("/v1/analytics/daily?product=glow")
        .header("Authorization", "Bearer " + token(Role.USER, Role.MODERATOR))
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentType("application/problem+json")
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://companion.example/problems/forbidden");
    client
        .get()
        .uri("/v1/analytics/daily?product=glow")
        .header("Authorization", "Bearer " + token(Role.ADMIN))
        .exchange()
        .expectStatus()
        .isOk();
    client
        .get()
        .uri("/v1/analytics/daily")
        .header("Authorization", "Bearer " + token(Role.ANALYST))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("product");
    client
        .get()
        .uri("/v1/analytics/daily?product=glow&from=2026-02-30")
        .header("Authorization", "Bearer " + token(Role.ANALYST))
        .exchange()
        .expectStatus()
        .isBadRequest();
  }

  /** Reads the dead-letter topic until {@code count} letters with these keys are there. */
  private static List<DeadLetter> deadLettersFor(Set<String> keys, int count) {
    List<DeadLetter> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infra.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "dead-letter-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      consumer.subscribe(List.of(AnalyticsTopics.DEAD_LETTER));
      await()
          .atMost(FIGURES_WAIT)
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> record :
                    consumer.poll(Duration.ofMillis(500))) {
                  if (keys.contains(record.key())) {
                    found.add(
                        AnalyticsTopology.DEAD_LETTER
                            .deserializer()
                            .deserialize(record.topic(), record.value()));
                  }
                }
                return found.size() >= count;
              });
    }
    return found;
  }
}
