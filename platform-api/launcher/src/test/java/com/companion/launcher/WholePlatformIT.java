package com.companion.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.contracts.events.AccountDeleted;
import com.companion.testkit.Infra;
import com.companion.testkit.PkceSignIn;
import com.companion.testkit.SchemaScan;
import com.companion.testkit.ServiceProcess;
import com.companion.testkit.TokenMinter;
import com.companion.testkit.TopicReader;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole platform as processes (the launcher's own {@link LocalPlatform}), driven through the
 * edge exactly as an app would: real HTTP between services, the real model, PostgreSQL, Redis and
 * Kafka. One platform serves every test here, in order: starting it is most of the time they take.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(Progress.class)
class WholePlatformIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          // plain HTTP/1.1 as the apps speak it, no h2c upgrade attempt on the first request
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** A database of this run's own, dropped at the end: nothing left by an earlier run counts. */
  private static final String DATABASE = newDatabaseName("companion_it_");

  private static LocalPlatform platform;
  private static Settings settings;
  private static String edge;
  private static String kafka;
  private static final String CREATOR = "creator-" + UUID.randomUUID();
  private static String characterId;
  private static String publicCharacterId;

  @BeforeAll
  static void startPlatform() throws Exception {
    Path root = repositoryRoot();
    Path dataDir = root.resolve("platform-api/launcher/target/whole-platform");
    Files.createDirectories(dataDir);
    List<String> args = new ArrayList<>();
    args.add("--data-dir=" + dataDir);
    args.add("--database=" + DATABASE);
    args.addAll(freePortArguments());
    settings = Settings.from(root, args);
    platform = new LocalPlatform(settings);
    Map<String, Boolean> ready = platform.start(Duration.ofMinutes(5));
    assertThat(ready).as("readiness; logs in " + settings.logDir()).doesNotContainValue(false);
    edge = "http://127.0.0.1:" + settings.edgePort();
    kafka = settings.kafkaBootstrap();
  }

  @AfterAll
  static void stopPlatform() throws Exception {
    if (platform != null) {
      platform.close();
    }
    dropDatabase(settings, DATABASE);
  }

  /** A database name of a run's own, so nothing left by an earlier run counts. */
  static String newDatabaseName(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** Drops a run's database once its platform has stopped. */
  static void dropDatabase(Settings settings, String database) {
    String server = settings.jdbcUrl().substring(0, settings.jdbcUrl().lastIndexOf('/') + 1);
    try (var connection = DriverManager.getConnection(server + "postgres", "postgres", "")) {
      connection.createStatement().execute("drop database if exists " + database + " with (force)");
    } catch (SQLException gone) {
      // the launcher's embedded PostgreSQL stopped with the platform, and the database with it
    }
  }

  @Test
  @Order(1)
  void creatorCreatesCharacterAndAnEventReachesKafka() throws Exception {
    String token = token(CREATOR, EnumSet.of(Role.USER, Role.CREATOR), AgeGroup.ADULT);
    HttpResponse<String> created =
        send(
            post("/v1/characters", token)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        """
                        {"name": "Juliet", "description": "A young noblewoman of Verona, in love.",
                         "personality": "passionate, quick-witted", "first_mes": "Good morrow, {{user}}.",
                         "tags": ["romance", "shakespeare"], "visibility": "private"}
                        """)));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    characterId = JSON.readTree(created.body()).get("id").asString();

    assertThat(awaitEvent("character.lifecycle", characterId)).isTrue();
  }

  @Test
  @Order(2)
  void importedPngCardIsPublishedApprovedAndFound() throws Exception {
    String token = token(CREATOR, EnumSet.of(Role.USER, Role.CREATOR), AgeGroup.ADULT);
    String name = "Mercutio " + UUID.randomUUID().toString().substring(0, 8);
    byte[] png =
        pngWithCard(
            """
            {"spec": "chara_card_v2", "spec_version": "2.0", "data": {"name": "%s",
             "description": "Romeo's witty friend, kinsman to the Prince.", "first_mes": "A plague o' both your houses!",
             "tags": ["comedy"], "extensions": {"vendor_x": {"keep": true}}}}
            """
                .formatted(name));
    HttpResponse<String> imported =
        send(
            post("/v1/characters/import", token)
                .header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png)));
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
    String id = JSON.readTree(imported.body()).get("id").asString();
    publicCharacterId = id;

    HttpResponse<String> publish =
        send(
            post("/v1/characters/" + id + "/visibility", token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"visibility\": \"public\"}")));
    assertThat(publish.statusCode()).as(publish.body()).isBetween(200, 204);

    String moderator =
        token("mod-" + UUID.randomUUID(), EnumSet.of(Role.USER, Role.MODERATOR), AgeGroup.ADULT);
    HttpResponse<String> review =
        send(
            post("/v1/characters/" + id + "/review", moderator)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"decision\": \"approve\", \"reason\": \"fine\"}")));
    assertThat(review.statusCode()).as(review.body()).isBetween(200, 204);

    String query = java.net.URLEncoder.encode(name, StandardCharsets.UTF_8);
    HttpResponse<String> found = send(get("/v1/characters?q=" + query, token));
    assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
    assertThat(found.body()).contains(id);
  }

  @Test
  @Order(3)
  void errorsAreProblemJson() throws Exception {
    HttpResponse<String> unknown =
        send(get("/v1/nothing-here", token("u1", EnumSet.of(Role.USER), AgeGroup.ADULT)));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .contains("application/problem+json");

    HttpResponse<String> anonymous =
        send(
            HttpRequest.newBuilder(URI.create(edge + "/v1/me/characters"))
                .timeout(Duration.ofSeconds(60))
                .GET());
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  @Order(4)
  void userChatsWithPublishedCharacterThroughTheWholeStack() throws Exception {
    assertThat(publicCharacterId).as("the published character of the previous test").isNotNull();
    String user = token("fan-" + UUID.randomUUID(), EnumSet.of(Role.USER), AgeGroup.ADULT);
    HttpResponse<String> started =
        postJson("/v1/conversations", user, "{\"character_id\": \"" + publicCharacterId + "\"}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    String conversationId = JSON.readTree(started.body()).get("conversation").get("id").asString();
    assertThat(JSON.readTree(started.body()).get("greeting").get("content").asString())
        .contains("A plague o' both your houses!");

    String key = UUID.randomUUID().toString();
    HttpRequest.Builder turn =
        post("/v1/conversations/" + conversationId + "/messages", user)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"content\": \"Good Mercutio, what news?\"}"));
    HttpResponse<String> first = send(turn);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    JsonNode reply = JSON.readTree(first.body()).get("reply");
    assertThat(reply.get("content").asString()).isNotBlank();

    HttpResponse<String> retried = send(turn);
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
    assertThat(JSON.readTree(retried.body()).get("reply").get("id").asString())
        .isEqualTo(reply.get("id").asString());

    HttpResponse<String> regenerated =
        send(
            post(
                    "/v1/conversations/"
                        + conversationId
                        + "/messages/"
                        + reply.get("id").asString()
                        + "/regenerate",
                    user)
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(regenerated.statusCode()).as(regenerated.body()).isEqualTo(200);
    assertThat(regenerated.body()).contains("event:delta", "event:message", "event:done");

    HttpResponse<String> rated =
        send(
            post(
                    "/v1/conversations/"
                        + conversationId
                        + "/messages/"
                        + reply.get("id").asString()
                        + "/rating",
                    user)
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"stars\": 4, \"reason\": \"in character\"}")));
    assertThat(rated.statusCode()).as(rated.body()).isBetween(200, 204);

    assertThat(awaitEvent("usage.chat-turn", conversationId)).isTrue();
  }

  @Test
  @Order(5)
  void anAccountSignedUpAndSignedInThroughTheEdgeIsDeletedEverywhere() throws Exception {
    assertThat(publicCharacterId).as("the published character of test 2").isNotNull();
    String username = "e2e" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String password = "violet-harbour-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> account =
        send(
            HttpRequest.newBuilder(URI.create(edge + "/v1/accounts"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        """
                        {"username": "%s", "password": "%s", "birth_date": "1994-05-17",
                         "product": "glow"}
                        """
                            .formatted(username, password))));
    assertThat(account.statusCode()).as(account.body()).isEqualTo(201);
    String userId = JSON.readTree(account.body()).get("id").asString();
    String user = new PkceSignIn(edge, "glow-app").signIn(username, password).accessToken();

    // something of the account's in every service that keeps user data
    HttpResponse<String> started =
        postJson("/v1/conversations", user, "{\"character_id\": \"" + publicCharacterId + "\"}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    String conversationId = JSON.readTree(started.body()).get("conversation").get("id").asString();
    HttpResponse<String> turn =
        postJson(
            "/v1/conversations/" + conversationId + "/messages",
            user,
            "{\"content\": \"I am Robin.\"}");
    assertThat(turn.statusCode()).as(turn.body()).isEqualTo(201);
    String replyId = JSON.readTree(turn.body()).get("reply").get("id").asString();
    assertThat(
            send(post("/v1/characters/" + publicCharacterId + "/like", user)
                    .PUT(HttpRequest.BodyPublishers.noBody()))
                .statusCode())
        .isBetween(200, 204);
    HttpResponse<String> persona =
        postJson("/v1/personas", user, "{\"name\": \"Robin\", \"description\": \"a sailor\"}");
    assertThat(persona.statusCode()).as(persona.body()).isEqualTo(201);
    HttpResponse<String> report =
        postJson(
            "/v1/reports",
            user,
            """
                        {"target_type": "message", "target_id": "%s", "reason": "odd reply"}
                        """
                .formatted(replyId));
    assertThat(report.statusCode()).as(report.body()).isBetween(200, 202);
    DataSource database = dataSource();
    List<String> schemas = List.of("identity", "chat", "character", "safety", "gateway");
    assertThat(schemas.stream().filter(s -> !SchemaScan.of(database, s, userId).found().isEmpty()))
        .as("the account's data is there before the deletion")
        .contains("identity", "chat", "character", "safety");

    // the export, through the edge, holds what the account made in every service it reads
    HttpResponse<String> exported = send(get("/v1/me/export", user));
    assertThat(exported.statusCode()).as(exported.body()).isEqualTo(200);
    JsonNode export = JSON.readTree(exported.body());
    JsonNode exportedAccount = export.path("identity").path("account");
    assertThat(exportedAccount.path("id").asString()).isEqualTo(userId);
    assertThat(exportedAccount.path("username").asString()).isEqualTo(username);
    assertThat(exportedAccount.path("birth_date").asString()).isEqualTo("1994-05-17");
    assertThat(export.path("identity").path("sessions").size()).isEqualTo(1);
    assertThat(texts(export.path("personas"), "name")).containsExactly("Robin");
    assertThat(texts(export.path("personas"), "description")).containsExactly("a sailor");
    JsonNode conversations = export.path("conversations");
    assertThat(conversations.size()).as(exported.body()).isEqualTo(1);
    assertThat(conversations.get(0).path("conversation").path("id").asString())
        .isEqualTo(conversationId);
    JsonNode messages = conversations.get(0).path("messages");
    assertThat(texts(messages, "content")).contains("I am Robin.");
    assertThat(texts(messages, "id")).contains(replyId);
    // oldest first: the greeting, the user's message, the reply
    assertThat(messages.get(messages.size() - 1).path("id").asString()).isEqualTo(replyId);
    assertThat(conversations.get(0).path("memories").isArray()).isTrue();
    assertThat(export.path("characters").isArray()).isTrue();
    // safety-filter's part: the report the account filed above, in its product
    JsonNode safety = export.path("safety");
    assertThat(safety.path("source").asString()).isEqualTo("safety-filter");
    assertThat(safety.path("product").asString())
        .isEqualTo(exportedAccount.path("product").asString());
    JsonNode reports = safety.path("reports");
    assertThat(reports.size()).as(exported.body()).isEqualTo(1);
    assertThat(reports.get(0).path("id").asString())
        .isEqualTo(JSON.readTree(report.body()).path("id").asString());
    assertThat(reports.get(0).path("target_type").asString()).isEqualTo("message");
    assertThat(reports.get(0).path("target_id").asString()).isEqualTo(replyId);
    assertThat(reports.get(0).path("reason").asString()).isEqualTo("odd reply");
    assertThat(safety.path("strikes").isArray()).isTrue();
    assertThat(safety.path("sanctions").isArray()).isTrue();
    assertThat(exported.body()).doesNotContain(password);

    HttpResponse<String> deleted = send(post("/v1/me", user).DELETE());
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);

    // every consumer of account.deleted records it, and no schema holds the id any more
    String hash = AccountDeleted.hash(userId);
    Map<String, Object> left = Map.of();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      left = whereTheAccountIsLeft(database, schemas, userId, hash);
      if (left.isEmpty()) {
        break;
      }
      Thread.sleep(500);
    }
    assertThat(left).as("what still names the deleted account").isEmpty();

    // and the account's unexpired token no longer passes the edge
    HttpResponse<String> afterwards = send(get("/v1/conversations", user));
    for (long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        afterwards.statusCode() != 401 && System.nanoTime() < until; ) {
      Thread.sleep(500);
      afterwards = send(get("/v1/conversations", user));
    }
    assertThat(afterwards.statusCode()).as(afterwards.body()).isEqualTo(401);
    assertThat(afterwards.body()).contains("this account was deleted");
  }

  @Test
  @Order(6)
  void aStreamedTurnIsReplayedByItsKeyThenRegeneratedRatedAndEdited() throws Exception {
    String creator =
        token("creator-" + UUID.randomUUID(), EnumSet.of(Role.USER, Role.CREATOR), AgeGroup.ADULT);
    HttpResponse<String> character =
        postJson(
            "/v1/characters",
            creator,
            """
            {"name": "Juliet", "description": "{{char}} is a young noblewoman of Verona.",
             "personality": "passionate, witty", "scenario": "A balcony at night.",
             "first_mes": "Who art thou, {{user}}, that comes by night?",
             "alternate_greetings": ["O, {{user}}! Speak again."], "visibility": "unlisted"}
            """);
    assertThat(character.statusCode()).as(character.body()).isEqualTo(201);
    String user = token("user-" + UUID.randomUUID(), EnumSet.of(Role.USER), AgeGroup.ADULT);
    HttpResponse<String> started =
        postJson(
            "/v1/conversations",
            user,
            "{\"character_id\": \"" + JSON.readTree(character.body()).get("id").asString() + "\"}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    JsonNode greeting = JSON.readTree(started.body()).path("greeting");
    assertThat(greeting.path("content").asString())
        .isEqualTo("Who art thou, User, that comes by night?");
    assertThat(greeting.path("alternative_count").asInt()).isEqualTo(2);
    String messages =
        "/v1/conversations/"
            + JSON.readTree(started.body()).path("conversation").path("id").asString()
            + "/messages";
    String said = "{\"content\": \"Romeo, my name is Romeo.\"}";

    // a streamed reply in the character's voice, through gateway and node
    String key = UUID.randomUUID().toString();
    HttpResponse<String> stream =
        send(
            post(messages, user)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(said)));
    assertThat(stream.statusCode()).as(stream.body()).isEqualTo(200);
    List<ServerSentEvent> events = serverSentEvents(stream.body());
    assertThat(events).extracting(ServerSentEvent::event).contains("message", "delta", "done");
    JsonNode reply = JSON.readTree(events.get(events.size() - 2).data());
    assertThat(reply.path("role").asString()).isEqualTo("assistant");
    assertThat(reply.path("content").asString()).isNotBlank();
    JsonNode done = JSON.readTree(events.getLast().data());
    assertThat(done.path("usage").path("completion_tokens").asInt()).isPositive();

    // without a key the same words are a new turn; with the key again, the stored reply
    HttpResponse<String> second = postJson(messages, user, said);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
    JsonNode secondTurn = JSON.readTree(second.body());
    assertThat(secondTurn.path("reply").path("id").asString())
        .isNotEqualTo(reply.path("id").asString());
    HttpResponse<String> retried =
        send(
            post(messages, user)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(said)));
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
    assertThat(JSON.readTree(retried.body()).path("reply").path("id").asString())
        .isEqualTo(reply.path("id").asString());

    // regenerate, rate, edit (a branch), and the history the branch leaves
    String lastReply = messages + "/" + secondTurn.path("reply").path("id").asString();
    HttpResponse<String> regenerated =
        send(post(lastReply + "/regenerate", user).POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(regenerated.statusCode()).as(regenerated.body()).isEqualTo(201);
    assertThat(JSON.readTree(regenerated.body()).path("reply").path("alternative").asInt())
        .isEqualTo(1);
    HttpResponse<String> rated =
        send(
            post(lastReply + "/rating", user)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"stars\": 3}")));
    assertThat(rated.statusCode()).as(rated.body()).isEqualTo(200);
    assertThat(JSON.readTree(rated.body()).path("rating").asInt()).isEqualTo(3);
    HttpResponse<String> edited =
        send(
            post(messages + "/" + secondTurn.path("user_message").path("id").asString(), user)
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString("{\"content\": \"Nay, call me Paris.\"}")));
    assertThat(edited.statusCode()).as(edited.body()).isEqualTo(201);
    assertThat(JSON.readTree(edited.body()).path("reply").path("content").asString()).isNotBlank();
    HttpResponse<String> history = send(get(messages, user));
    assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
    assertThat(JSON.readTree(history.body()).path("items").size()).isEqualTo(5);
  }

  @Test
  @Order(7)
  void twoRealNodesAnswerStreamedAndUnstreamedAndAKilledNodeEndsItsStreamWithAnError()
      throws Exception {
    // a node of this test's own beside the platform's, so killing it leaves the platform whole
    String credential = LocalSecrets.nodeCredential(settings.dataDir());
    ServiceProcess extra =
        ServiceProcess.start(
            "inference-node",
            Infra.freePort(),
            Map.of(
                "inference.model-dir",
                settings.root().resolve("inference-node/model").toString(),
                "inference.service-credentials." + LocalSecrets.NODE_CALLER,
                credential));
    String admin = token("admin-" + UUID.randomUUID(), EnumSet.of(Role.ADMIN), AgeGroup.ADULT);
    String both = "it-both-" + UUID.randomUUID().toString().substring(0, 8);
    String lone = "it-lone-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      extra.awaitReady("/ready", Duration.ofMinutes(3));
      // the first generation of a fresh JVM is slow (class loading, JIT): not in a measured call
      HttpResponse<String> warm =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(extra.baseUrl() + "/v1/generate"))
                  .timeout(Duration.ofSeconds(60))
                  .header("Content-Type", "application/json")
                  .header("X-Service-Key", LocalSecrets.NODE_CALLER + ":" + credential)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"prompt\": \"Hello\", \"max_tokens\": 4}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(warm.statusCode()).as(warm.body()).isEqualTo(200);
      deploy(admin, both, "http://127.0.0.1:" + settings.inferencePort(), extra.baseUrl());
      String user = token("u-" + both, EnumSet.of(Role.USER), AgeGroup.ADULT);

      HttpResponse<String> single = complete(user, both, "Good morrow", 8);
      assertThat(single.statusCode()).as(single.body()).isEqualTo(200);
      JsonNode answer = JSON.readTree(single.body());
      assertThat(answer.get("choices").get(0).get("finish_reason").asString())
          .isIn("stop", "length");
      assertThat(answer.get("usage").get("completion_tokens").asInt()).isBetween(1, 8);

      HttpResponse<String> streamed =
          postJson(
              "/v1/chat/completions",
              user,
              """
              {"model": "%s", "stream": true, "stream_options": {"include_usage": true},
               "max_tokens": 8, "route_key": "char-1",
               "messages": [{"role": "user", "content": "Speak"}]}
              """
                  .formatted(both));
      assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(200);
      List<String> data =
          serverSentEvents(streamed.body()).stream().map(ServerSentEvent::data).toList();
      assertThat(data.getLast()).isEqualTo("[DONE]");
      assertThat(
              JSON.readTree(data.getFirst())
                  .get("choices")
                  .get(0)
                  .get("delta")
                  .get("role")
                  .asString())
          .isEqualTo("assistant");

      // a node killed while it streams: the client gets the tokens so far, then an error event
      deploy(admin, lone, extra.baseUrl());
      HttpResponse<InputStream> response =
          HTTP.send(
              post("/v1/chat/completions", user)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          """
                          {"model": "%s", "stream": true, "max_tokens": 256,
                           "messages": [{"role": "user", "content": "Tell a long tale"}]}
                          """
                              .formatted(lone)))
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertThat(response.statusCode()).isEqualTo(200);
      List<String> lines = new ArrayList<>();
      List<String> raw = new ArrayList<>();
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          raw.add(line);
          if (line.startsWith("data:")) {
            lines.add(line.substring(5).strip());
            // killed at the first event: by the third, a fast node had sometimes streamed the
            // whole reply already (seen once: the stream ended with [DONE] before the kill)
            if (lines.size() == 1) {
              extra.kill();
            }
          }
        }
      }
      assertThat(lines).as(String.join("\n", raw)).isNotEmpty().doesNotContain("[DONE]");
      assertThat(JSON.readTree(lines.getLast()).get("error").get("type").asString())
          .isEqualTo("server_error");

      // the platform's node, the survivor, still serves the alias the two shared
      HttpResponse<String> after = complete(user, both, "Hello there", 4);
      assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
    } finally {
      extra.kill();
      // the gateway health-checks every deployed node, a dead one too, for as long as it runs
      for (String alias : List.of(both, lone)) {
        send(post("/v1/admin/models/" + alias, admin).DELETE());
      }
    }
  }

  /** An unstreamed chat completion of {@code alias} for one user message, through the edge. */
  private static HttpResponse<String> complete(
      String token, String alias, String prompt, int maxTokens) throws Exception {
    return postJson(
        "/v1/chat/completions",
        token,
        JSON.writeValueAsString(
            Map.of(
                "model",
                alias,
                "max_tokens",
                maxTokens,
                "messages",
                List.of(Map.of("role", "user", "content", prompt)))));
  }

  /** Deploys {@code alias} (its stable version {@code v1}) on these nodes, through the edge. */
  private static void deploy(String admin, String alias, String... nodes) throws Exception {
    HttpResponse<String> deployed =
        send(
            post("/v1/admin/models/" + alias + "/versions/v1", admin)
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("nodes", List.of(nodes))))));
    assertThat(deployed.statusCode()).as(deployed.body()).isIn(200, 201);
  }

  /** One event of a {@code text/event-stream} body; {@code event} is null where none is named. */
  record ServerSentEvent(String event, String data) {}

  /** The events of a whole {@code text/event-stream} body, in order. */
  static List<ServerSentEvent> serverSentEvents(String body) {
    List<ServerSentEvent> events = new ArrayList<>();
    for (String block : body.split("\\r?\\n\\r?\\n")) {
      String event = null;
      List<String> data = new ArrayList<>();
      for (String line : block.split("\\r?\\n")) {
        if (line.startsWith("event:")) {
          event = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          String value = line.substring(5);
          data.add(value.startsWith(" ") ? value.substring(1) : value);
        }
      }
      if (event != null || !data.isEmpty()) {
        events.add(new ServerSentEvent(event, String.join("\n", data)));
      }
    }
    return events;
  }

  /** The {@code field} of every element of a JSON array. */
  private static List<String> texts(JsonNode array, String field) {
    List<String> texts = new ArrayList<>();
    array.forEach(element -> texts.add(element.path(field).asString()));
    return texts;
  }

  /** The schemas that still hold the id, and those that have not recorded the deletion. */
  private static Map<String, Object> whereTheAccountIsLeft(
      DataSource database, List<String> schemas, String userId, String hash) throws SQLException {
    Map<String, Object> left = new java.util.TreeMap<>();
    for (String schema : schemas) {
      SchemaScan scan = SchemaScan.of(database, schema, userId);
      if (!scan.found().isEmpty()) {
        left.put(schema, scan.found());
      }
      if (!schema.equals("identity") && !recorded(database, schema, hash)) {
        left.put(schema + ".account_deletions", "no row for the account");
      }
    }
    return left;
  }

  private static boolean recorded(DataSource database, String schema, String hash)
      throws SQLException {
    try (var connection = database.getConnection();
        var statement =
            connection.prepareStatement(
                "select count(*) from " + schema + ".account_deletions where user_hash = ?")) {
      statement.setString(1, hash);
      try (var rows = statement.executeQuery()) {
        return rows.next() && rows.getInt(1) == 1;
      }
    }
  }

  private static DataSource dataSource() {
    PGSimpleDataSource database = new PGSimpleDataSource();
    database.setUrl(settings.jdbcUrl());
    database.setUser("postgres");
    return database;
  }

  /** A token signed with this platform's own local secret, as {@code ./platform token} makes. */
  static String token(String user, EnumSet<Role> roles, AgeGroup age) {
    return Platform.mint(settings.dataDir(), user, roles, "glow", age, Duration.ofHours(1));
  }

  @Test
  @Order(0)
  void theRepositorysDevelopmentSecretIsNotAccepted() throws Exception {
    String forged =
        TokenMinter.local(Clock.systemUTC())
            .mint(
                new PlatformPrincipal(CREATOR, "glow", EnumSet.of(Role.USER), AgeGroup.ADULT),
                Duration.ofHours(1));
    assertThat(send(get("/v1/me/characters", forged)).statusCode()).isEqualTo(401);
  }

  static HttpRequest.Builder post(String path, String token) {
    return HttpRequest.newBuilder(URI.create(edge + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token);
  }

  static HttpResponse<String> postJson(String path, String token, String json) throws Exception {
    return send(
        post(path, token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  static HttpRequest.Builder get(String path, String token) {
    return post(path, token).GET();
  }

  static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException stalled) {
      System.out.println(StallReport.of(platform));
      throw stalled;
    }
  }

  /** Waits until an event about {@code key} (its key or its data) is on {@code topic}. */
  static boolean awaitEvent(String topic, String key) {
    try (TopicReader reader = TopicReader.fromBeginning(kafka, topic)) {
      reader.awaitUntil(
          records -> records.stream().anyMatch(record -> isEventAbout(record, key)),
          Duration.ofSeconds(60));
      return true;
    }
  }

  private static boolean isEventAbout(ConsumerRecord<String, String> record, String key) {
    boolean about = key.equals(record.key()) || record.value().contains(key);
    JsonNode event = JSON.readTree(record.value());
    return about && event.has("id") && event.has("type");
  }

  /** A 1x1 PNG carrying a card in a {@code chara} tEXt chunk, as card tools write it. */
  static byte[] pngWithCard(String cardJson) throws Exception {
    var image = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    javax.imageio.ImageIO.write(image, "png", plain);
    byte[] bytes = plain.toByteArray();
    byte[] text =
        ("chara\0" + Base64.getEncoder().encodeToString(cardJson.getBytes(StandardCharsets.UTF_8)))
            .getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer chunk = ByteBuffer.allocate(12 + text.length);
    chunk.putInt(text.length).put("tEXt".getBytes(StandardCharsets.US_ASCII)).put(text);
    CRC32 crc = new CRC32();
    crc.update(chunk.array(), 4, 4 + text.length);
    chunk.putInt((int) crc.getValue());
    int iend = bytes.length - 12;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, iend);
    out.write(chunk.array());
    out.write(bytes, iend, 12);
    return out.toByteArray();
  }

  /**
   * Every service on a free port ({@code --edge-port=…} and so on): a platform started by hand may
   * hold the default ones.
   */
  static List<String> freePortArguments() throws Exception {
    List<String> args = new ArrayList<>();
    for (String service :
        List.of(
            "edge",
            "character",
            "chat",
            "safety",
            "gateway",
            "inference",
            "identity",
            "analytics")) {
      args.add("--" + service + "-port=" + Infra.freePort());
    }
    return args;
  }

  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    return dir;
  }
}
