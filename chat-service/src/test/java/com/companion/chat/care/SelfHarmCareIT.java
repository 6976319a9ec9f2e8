package com.companion.chat.care;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.companion.chat.model.ChatMessage;
import com.companion.chat.safety.internal.LocalContentSafety;
import com.companion.chat.support.ChatIntegrationTest;
import com.companion.chat.support.ScriptedModel;
import com.companion.contracts.auth.AgeGroup;
import com.companion.testkit.Infra;
import com.companion.testkit.ServiceProcess;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A disclosure of self-harm, judged by safety-filter's own pipeline and rules (its built jar runs
 * as a process and serves the snapshot chat-service moderates with), is never refused: the message
 * is kept, a {@code support} notice brings help lines in the user's language, and the character
 * checks in (minors: the check-in alone, the model is not asked). Figures of speech get none of it.
 */
@TestPropertySource(
    properties = {
      "chat.test.safety=real",
      "chat.safety.service-key=chat-service:" + SelfHarmCareIT.SECRET
    })
class SelfHarmCareIT extends ChatIntegrationTest {

  static final String SECRET = "care-test-secret";

  private static ServiceProcess safetyFilter;
  private static String skipped;

  @DynamicPropertySource
  static void realSafetyFilter(DynamicPropertyRegistry registry) {
    registry.add("chat.safety-filter-url", SelfHarmCareIT::safetyFilterUrl);
  }

  private static synchronized String safetyFilterUrl() {
    if (safetyFilter == null && skipped == null) {
      if (!Files.exists(ServiceProcess.jarOf("safety-filter"))) {
        skipped = "safety-filter is not built: ./mvnw -pl safety-filter -am package";
      } else {
        safetyFilter =
            ServiceProcess.start("safety-filter", withCredential(Infra.properties()))
                .awaitReady("/actuator/health/readiness", Duration.ofMinutes(3));
      }
    }
    return safetyFilter == null ? "http://127.0.0.1:1" : safetyFilter.baseUrl();
  }

  private static Map<String, String> withCredential(Map<String, String> infra) {
    Map<String, String> properties = new java.util.HashMap<>(infra);
    properties.put("safety.service-credentials.chat-service", SECRET);
    return properties;
  }

  @AfterAll
  static void stop() {
    if (safetyFilter != null) {
      safetyFilter.close();
    }
  }

  @BeforeEach
  void needsSafetyFilter() {
    assumeTrue(skipped == null, skipped);
    // the pipeline runs here, from safety-filter's snapshot: the verdicts are safety-filter's own
    LocalContentSafety local = (LocalContentSafety) contentSafety;
    local.refresh().block(Duration.ofMinutes(1));
    assertThat(local.inProcess()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "I want to kill myself",
        "I don't want to be here anymore, everyone would be better off without me",
        "我不想活了",
        "活着好累，真的活不下去了"
      })
  void anAdultsDisclosureGetsSupportAndACheckInBeforeTheReply(String disclosure) {
    User user = adult();
    String id = startWithAda(user);
    model.behave(request -> ScriptedModel.words("I am here with you."));

    List<Event> events =
        streamAll(
            "/v1/conversations/" + id + "/messages",
            user,
            Map.of("content", disclosure),
            Map.of("Idempotency-Key", UUID.randomUUID().toString()));

    assertThat(events.getFirst().name()).isEqualTo("message");
    assertThat(events.getFirst().data().path("content").asString()).isEqualTo(disclosure);
    JsonNode support = supportNotice(events);
    assertThat(support).as("support notice").isNotNull();
    assertThat(support.path("text").asString()).isNotBlank();
    assertThat(support.path("resources").size()).isGreaterThan(0);
    boolean chinese = disclosure.codePoints().anyMatch(c -> c >= 0x4E00 && c <= 0x9FFF);
    assertThat(support.path("resources").toString()).contains(chinese ? "400-161-9995" : "988");
    String shown = shown(events);
    assertThat(shown).endsWith("I am here with you.");
    assertThat(shown.replace("I am here with you.", "").strip()).isNotBlank();
    assertThat(events.getLast().name()).isEqualTo("done");
    // the model was asked, under a careful instruction placed last
    assertThat(model.streamed).hasSize(1);
    ChatMessage last = model.streamed.getFirst().messages().getLast();
    assertThat(last.role()).isEqualTo("system");
    assertThat(last.content()).contains("harming themselves");
    // the user's message and the reply are kept
    JsonNode history = call("GET", "/v1/conversations/" + id + "/messages", user, null).body();
    assertThat(history.path("items").size()).isEqualTo(3);
    assertThat(history.path("items").get(1).path("content").asString()).isEqualTo(disclosure);
    assertThat(history.path("items").get(2).path("content").asString()).isEqualTo(shown);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "I want to kill myself",
        "honestly everyone would be better off without me",
        "我想自杀",
        "没有我大家会更好吧"
      })
  void aMinorsDisclosureIsAnsweredWithTheCheckInAlone(String disclosure) {
    User minor = user(AgeGroup.MINOR);
    String id = startWithAda(minor);

    Answer answer = send(minor, id, disclosure);

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.body().path("user_message").path("content").asString()).isEqualTo(disclosure);
    JsonNode support = null;
    for (JsonNode notice : answer.body().path("notices")) {
      if (notice.path("kind").asString().equals("support")) {
        support = notice;
      }
    }
    assertThat(support).isNotNull();
    assertThat(support.path("resources").size()).isGreaterThan(0);
    String reply = answer.body().path("reply").path("content").asString();
    assertThat(reply).isNotBlank();
    boolean chinese = disclosure.codePoints().anyMatch(c -> c >= 0x4E00 && c <= 0x9FFF);
    assertThat(reply.codePoints().anyMatch(c -> c >= 0x4E00 && c <= 0x9FFF)).isEqualTo(chinese);
    assertThat(model.streamed).isEmpty();
    // the conversation goes on
    assertThat(send(minor, id, "thank you, I will talk to my mum").status()).isEqualTo(201);
  }

  @ParameterizedTest
  @ValueSource(strings = {"this homework is killing me", "笑死了", "I'm dying of laughter"})
  void aFigureOfSpeechGetsNoNotice(String text) {
    for (User user : List.of(adult(), user(AgeGroup.MINOR))) {
      String id = startWithAda(user);
      model.reset();
      model.behave(request -> ScriptedModel.words("Ha, tell me more."));

      List<Event> events =
          streamAll(
              "/v1/conversations/" + id + "/messages", user, Map.of("content", text), Map.of());

      assertThat(supportNotice(events)).as(text).isNull();
      assertThat(shown(events)).isEqualTo("Ha, tell me more.");
    }
  }

  private static JsonNode supportNotice(List<Event> events) {
    return events.stream()
        .filter(e -> e.name().equals("notice"))
        .map(Event::data)
        .filter(d -> d.path("kind").asString().equals("support"))
        .findFirst()
        .orElse(null);
  }

  private static String shown(List<Event> events) {
    return events.stream()
        .filter(e -> e.name().equals("delta"))
        .map(e -> e.data().path("text").asString())
        .reduce("", String::concat);
  }
}
