package com.companion.chat.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.companion.chat.catalog.CharacterCard;
import com.companion.chat.support.ChatIntegrationTest;
import com.companion.chat.support.ScriptedModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;

@TestPropertySource(
    properties = {"chat.admission.max-turns-in-flight=2", "chat.admission.max-waiting=1"})
class TurnAdmissionIT extends ChatIntegrationTest {

  @Test
  void pastTheSlotsATurnWaitsInLineAndPastTheLineOneIsRefusedWithRetryAfterAndWritesNothing() {
    CharacterCard bard = catalog.character("Ada", "Hello!", List.of());
    User first = adult();
    User second = adult();
    User waiting = adult();
    User third = adult();
    String firstId = startWith(first, bard.id());
    String secondId = startWith(second, bard.id());
    String waitingId = startWith(waiting, bard.id());
    String thirdId = startWith(third, bard.id());
    Sinks.Empty<Void> gate = Sinks.empty();
    model.behave(request -> gate.asMono().thenMany(ScriptedModel.words("Done now.")));

    List<Event> firstEvents = new CopyOnWriteArrayList<>();
    List<Event> secondEvents = new CopyOnWriteArrayList<>();
    Disposable one = hold(first, firstId, firstEvents);
    Disposable two = hold(second, secondId, secondEvents);
    await().atMost(Duration.ofSeconds(10)).until(() -> model.streamed.size() == 2);

    // both slots taken: the next turn waits in line, with nothing written and no model call
    List<Event> waitingEvents = new CopyOnWriteArrayList<>();
    Disposable inLine = hold(waiting, waitingId, waitingEvents);
    await()
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(3))
        .until(() -> model.streamed.size() == 2 && waitingEvents.isEmpty());
    assertThat(messages(waiting, waitingId)).as("only the greeting").hasSize(1);

    // the line (one place) is full: the one after is refused at once
    String key = UUID.randomUUID().toString();
    ResponseEntity<String> refused =
        http.post()
            .uri("/v1/conversations/" + thirdId + "/messages")
            .header("Authorization", third.authorization())
            .header("Idempotency-Key", key)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("content", "Me as well"))
            .exchangeToMono(response -> response.toEntity(String.class))
            .block(Duration.ofSeconds(10));

    assertThat(refused.getStatusCode().value()).isEqualTo(503);
    assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
    assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(json.readTree(refused.getBody()).path("type").asString()).endsWith("/busy");
    assertThat(model.streamed).hasSize(2);
    assertThat(messages(third, thirdId)).as("only the greeting").hasSize(1);

    gate.tryEmitEmpty();
    // a slot freed: the turn in line is served, and its reply streams like any other
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> done(firstEvents) && done(secondEvents) && done(waitingEvents));
    assertThat(model.streamed).hasSize(3);
    assertThat(messages(waiting, waitingId)).hasSize(3);
    one.dispose();
    two.dispose();
    inLine.dispose();

    // both slots are free again: the client's retry with the same key is served
    Answer retried =
        call(
            "POST",
            "/v1/conversations/" + thirdId + "/messages",
            third,
            Map.of("content", "Me as well"),
            Map.of("Idempotency-Key", key));
    assertThat(retried.status()).as(retried.body().toString()).isEqualTo(201);
    assertThat(messages(third, thirdId)).hasSize(3);
  }

  @Test
  void aReplayedOutcomeAndAFailedTurnGiveTheirSlotBack() {
    CharacterCard bard = catalog.character("Ada", "Hello!", List.of());
    User user = adult();
    String id = startWith(user, bard.id());
    String path = "/v1/conversations/" + id + "/messages";
    Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
    assertThat(call("POST", path, user, Map.of("content", "Hi"), key).status()).isEqualTo(201);

    // more replays and refusals than there are slots: none of them keeps one
    for (int i = 0; i < 3; i++) {
      assertThat(call("POST", path, user, Map.of("content", "Hi"), key).status()).isEqualTo(201);
      assertThat(call("POST", path, user, Map.of("content", ""), Map.of()).status()).isEqualTo(400);
      assertThat(
              call(
                      "POST",
                      "/v1/conversations/" + UUID.randomUUID() + "/messages",
                      user,
                      Map.of("content", "Hi"),
                      Map.of())
                  .status())
          .isEqualTo(404);
    }
    assertThat(send(user, id, "Still room").status()).isEqualTo(201);
  }

  private Disposable hold(User user, String conversationId, List<Event> events) {
    return stream(
            "/v1/conversations/" + conversationId + "/messages",
            user,
            Map.of("content", "Tell me a long story"),
            Map.of())
        .subscribe(events::add);
  }

  private static boolean done(List<Event> events) {
    return events.stream().anyMatch(e -> e.name().equals("done"));
  }

  private List<?> messages(User user, String conversationId) {
    Answer page =
        call("GET", "/v1/conversations/" + conversationId + "/messages", user, null, Map.of());
    return json.convertValue(page.body().path("items"), List.class);
  }
}
