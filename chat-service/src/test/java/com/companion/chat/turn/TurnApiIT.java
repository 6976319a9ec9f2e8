package com.companion.chat.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.companion.chat.catalog.CharacterCard;
import com.companion.chat.model.ModelChunk;
import com.companion.chat.support.ChatIntegrationTest;
import com.companion.chat.support.KafkaEvents;
import com.companion.chat.support.ScriptedModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;

class TurnApiIT extends ChatIntegrationTest {

  @Autowired MeterRegistry meters;

  @Test
  void streamsUserMessageDeltasReplyAndDone() {
    User user = adult();
    CharacterCard bard = catalog.character("Ada", "Hello!", List.of());
    String id = startWith(user, bard.id());

    List<Event> events =
        streamAll(
            "/v1/conversations/" + id + "/messages",
            user,
            Map.of("content", "Sing for me"),
            Map.of());

    assertThat(events.getFirst().name()).isEqualTo("message");
    assertThat(events.getFirst().data().path("role").asString()).isEqualTo("user");
    assertThat(events.getFirst().data().path("content").asString()).isEqualTo("Sing for me");
    String text =
        events.stream()
            .filter(e -> e.name().equals("delta"))
            .map(e -> e.data().path("text").asString())
            .reduce("", String::concat);
    assertThat(text).isEqualTo("I hear you say Sing for me.");
    Event reply = events.get(events.size() - 2);
    assertThat(reply.name()).isEqualTo("message");
    assertThat(reply.data().path("content").asString()).isEqualTo(text);
    assertThat(reply.data().path("speaker_id").asString()).isEqualTo(bard.id());
    Event done = events.getLast();
    assertThat(done.name()).isEqualTo("done");
    assertThat(done.data().path("finish_reason").asString()).isEqualTo("stop");
    assertThat(done.data().path("usage").path("prompt_tokens").asInt()).isEqualTo(42);

    // the prompt carried the card and the route key
    var request = model.streamed.getLast();
    assertThat(request.routeKey()).isEqualTo(bard.id());
    assertThat(request.messages().getFirst().content()).contains("Ada is a wandering bard");
    assertThat(request.messages().getLast().content()).isEqualTo("Sing for me");
  }

  @Test
  void answersOneJsonWithoutStreamAndRecordsAUsageEvent() {
    User user = adult();
    CharacterCard bard = catalog.character("Ada", "Hello!", List.of());
    String id = startWith(user, bard.id());

    Answer answer = send(user, id, "Hi");

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.body().path("user_message").path("content").asString()).isEqualTo("Hi");
    assertThat(answer.body().path("reply").path("content").asString())
        .isEqualTo("I hear you say Hi.");
    assertThat(answer.body().path("finish_reason").asString()).isEqualTo("stop");
    String replyId = answer.body().path("reply").path("id").asString();
    JsonNode event = turnEvent(replyId);
    assertThat(event.path("type").asString()).isEqualTo("chat.turn.completed");
    assertThat(event.path("product").asString()).isEqualTo("glow");
    assertThat(event.path("userid").asString()).startsWith("u_").doesNotContain(user.id());
    JsonNode data = event.path("data");
    assertThat(data.path("conversation_id").asString()).isEqualTo(id);
    assertThat(data.path("character_id").asString()).isEqualTo(bard.id());
    assertThat(data.path("model_version").asString()).isEqualTo("scripted-v1");
    assertThat(data.path("prompt_tokens").asInt()).isEqualTo(42);
    assertThat(data.path("finish_reason").asString()).isEqualTo("stop");
    assertThat(data.path("safety_outcome").asString()).isEqualTo("allowed");
    assertThat(data.path("ttft_ms").isNumber()).isTrue();
  }

  @Test
  void aRetryWithTheSameKeyReplaysTheStoredReply() {
    User user = adult();
    String id = startWithAda(user);
    Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
    String path = "/v1/conversations/" + id + "/messages";

    Answer first = call("POST", path, user, Map.of("content", "Once"), key);
    Answer again = call("POST", path, user, Map.of("content", "Once"), key);
    List<Event> streamed = streamAll(path, user, Map.of("content", "Once"), key);
    Answer other = call("POST", path, user, Map.of("content", "Twice"), key);

    assertThat(model.streamed).hasSize(1);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.body().path("reply").path("id").asString())
        .isEqualTo(first.body().path("reply").path("id").asString());
    assertThat(streamed.get(streamed.size() - 2).data().path("id").asString())
        .isEqualTo(first.body().path("reply").path("id").asString());
    assertThat(other.status()).isEqualTo(422);
    // greeting + one user message + one reply
    assertThat(call("GET", path, user, null).body().path("items").size()).isEqualTo(3);
  }

  @Test
  void keysExpireAfterADay() {
    User user = adult();
    String id = startWithAda(user);
    Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
    String path = "/v1/conversations/" + id + "/messages";

    call("POST", path, user, Map.of("content", "Once"), key);
    clock.advance(Duration.ofHours(24).plusSeconds(1));
    Answer later = call("POST", path, user, Map.of("content", "Once"), key);

    assertThat(later.status()).isEqualTo(201);
    assertThat(model.streamed).hasSize(2);
  }

  @Test
  void oneTurnAtATimeAndARunningKeyIsAConflict() throws Exception {
    User user = adult();
    String id = startWithAda(user);
    Sinks.Many<ModelChunk> gate = Sinks.many().unicast().onBackpressureBuffer();
    model.behave(request -> gate.asFlux());
    String path = "/v1/conversations/" + id + "/messages";
    Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
    CountDownLatch started = new CountDownLatch(1);
    List<Event> firstEvents = new java.util.concurrent.CopyOnWriteArrayList<>();
    Disposable first =
        stream(path, user, Map.of("content", "Slow one"), key)
            .doOnNext(
                e -> {
                  firstEvents.add(e);
                  started.countDown();
                })
            .subscribe();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    Map<String, String> otherKey = Map.of("Idempotency-Key", UUID.randomUUID().toString());
    Answer concurrent = call("POST", path, user, Map.of("content", "Me too"), otherKey);
    Answer sameKey = call("POST", path, user, Map.of("content", "Slow one"), key);

    assertThat(concurrent.status()).isEqualTo(409);
    assertThat(sameKey.status()).isEqualTo(409);
    ScriptedModel.words("Done now.").subscribe(gate::tryEmitNext, e -> {}, gate::tryEmitComplete);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> firstEvents.stream().anyMatch(e -> e.name().equals("done")));
    first.dispose();
    model.reset();
    // the refused request's key was not kept: the same request runs now
    assertThat(call("POST", path, user, Map.of("content", "Me too"), otherKey).status())
        .isEqualTo(201);
  }

  @Test
  void aClientThatLeavesCancelsTheModelAndThePartialReplyIsKept() {
    User user = adult();
    String id = startWithAda(user);
    model.behave(
        request ->
            Flux.concat(
                Flux.just(ModelChunk.text("Once upon ", "scripted-v1")),
                Flux.just(ModelChunk.text("a time ", "scripted-v1")),
                Flux.never()));

    Event firstDelta =
        stream("/v1/conversations/" + id + "/messages", user, Map.of("content", "Story?"), Map.of())
            .filter(e -> e.name().equals("delta"))
            .blockFirst(Duration.ofSeconds(10));
    assertThat(firstDelta).isNotNull();

    await().atMost(Duration.ofSeconds(10)).until(() -> model.cancelled.get() == 1);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode items =
                  call("GET", "/v1/conversations/" + id + "/messages", user, null)
                      .body()
                      .path("items");
              JsonNode last = items.path(items.size() - 1);
              assertThat(last.path("finish_reason").asString()).isEqualTo("cancelled");
              assertThat(last.path("content").asString()).startsWith("Once upon");
            });
    model.reset();
    assertThat(send(user, id, "Go on").status()).isEqualTo(201);
  }

  @Test
  void aClientThatLeavesWhileItsClaimCommitsLeavesTheConversationAndItsKeyFree() throws Exception {
    User user = adult();
    String id = startWithAda(user);
    String path = "/v1/conversations/" + id + "/messages";
    Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
    try (Connection other = dataSource.getConnection()) {
      // another transaction holds the conversation's row, so the claim's lease waits for it
      other.setAutoCommit(false);
      try (PreparedStatement lock =
          other.prepareStatement("select id from chat.conversations where id = ? for update")) {
        lock.setObject(1, UUID.fromString(id));
        lock.executeQuery().close();
      }
      Disposable leaving = stream(path, user, Map.of("content", "Hello?"), key).subscribe();
      // the claim's transaction waits for the row (its key's insert checks the row is there)
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  jdbc.sql(
                              "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                                  + " and datname = current_database()")
                          .query(Long.class)
                          .single()
                      > 0);
      leaving.dispose();
      // the server sees the connection close long before this
      Thread.sleep(500);
      other.rollback();
    }

    // the claim committed after its client left, and gave back what it took
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(call("GET", path, user, null).body().path("items").size())
                    .as("only the greeting")
                    .isEqualTo(1));
    assertThat(model.streamed).isEmpty();
    // neither the lease nor the key is held: the retry runs now, not after the lease's 5 minutes
    assertThat(call("POST", path, user, Map.of("content", "Hello?"), key).status()).isEqualTo(201);
    assertThat(call("GET", path, user, null).body().path("items").size()).isEqualTo(3);
  }

  @Test
  void aTurnTimesItsFirstWordsFromItsArrival() {
    User user = adult();
    String id = startWithAda(user);
    // an empty first chunk (as the gateway's role chunk) is not the model's first text
    model.behave(
        request ->
            Flux.concat(
                Flux.just(new ModelChunk("", null, null, "scripted-v1")),
                Flux.just(ModelChunk.text("Once upon a time.", "scripted-v1"))
                    .delaySubscription(Duration.ofMillis(300))));
    Timer modelText = meters.timer("chat.turn.first-model-text");
    Timer shown = meters.timer("chat.turn.first-text");
    long modelTexts = modelText.count();
    double modelMillis = modelText.totalTime(TimeUnit.MILLISECONDS);
    long shownTexts = shown.count();
    double shownMillis = shown.totalTime(TimeUnit.MILLISECONDS);

    assertThat(send(user, id, "A story?").status()).isEqualTo(201);

    assertThat(modelText.count()).isEqualTo(modelTexts + 1);
    assertThat(shown.count()).isEqualTo(shownTexts + 1);
    double toModelText = modelText.totalTime(TimeUnit.MILLISECONDS) - modelMillis;
    double toShown = shown.totalTime(TimeUnit.MILLISECONDS) - shownMillis;
    assertThat(toModelText).isGreaterThanOrEqualTo(300);
    assertThat(toShown).isGreaterThanOrEqualTo(toModelText);
  }

  @Test
  void aModelFailureBeforeAnyTextLeavesNothingBehind() {
    User user = adult();
    String id = startWithAda(user);
    model.behave(
        request ->
            Flux.error(
                com.companion.chat.internal.Downstream.unavailable(
                    "the model", new RuntimeException("down"))));
    Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
    String path = "/v1/conversations/" + id + "/messages";

    Answer failed = call("POST", path, user, Map.of("content", "Hello?"), key);
    List<Event> streamed = streamAll(path, user, Map.of("content", "Hello?"), key);

    assertThat(failed.status()).isEqualTo(503);
    assertThat(failed.body().path("type").asString()).endsWith("/dependency-unavailable");
    assertThat(streamed.getLast().name()).isEqualTo("error");
    assertThat(call("GET", path, user, null).body().path("items").size()).isEqualTo(1);
    model.reset();
    assertThat(call("POST", path, user, Map.of("content", "Hello?"), key).status()).isEqualTo(201);
  }

  @Test
  void aKeyLeftRunningByACrashedTurnIsTakenOverAfterTheLease() {
    User user = adult();
    String id = startWithAda(user);
    String key = UUID.randomUUID().toString();
    // what a replica that died mid-turn leaves behind: a running key and a held lease
    String hash = "fingerprint of another request";
    jdbc.sql(
            "insert into chat.idempotency_keys (user_id, product, idempotency_key,"
                + " request_hash, conversation_id, state, created_at, expires_at)"
                + " values (?, ?, ?, ?, ?::uuid, 'running', ?, ?)")
        .params(
            user.id(),
            user.principal().product(),
            key,
            hash,
            id,
            java.sql.Timestamp.from(clock.instant()),
            java.sql.Timestamp.from(clock.instant().plus(Duration.ofHours(24))))
        .update();
    jdbc.sql(
            "update chat.conversations set turn_id = gen_random_uuid(), turn_started_at = ?"
                + " where id = ?::uuid")
        .params(java.sql.Timestamp.from(clock.instant()), id)
        .update();
    String path = "/v1/conversations/" + id + "/messages";

    assertThat(send(user, id, "Anyone?").status()).isEqualTo(409);
    clock.advance(Duration.ofMinutes(6));
    assertThat(send(user, id, "Anyone?").status()).isEqualTo(201);
    // a different request under the crashed key is still refused
    assertThat(
            call("POST", path, user, Map.of("content", "x"), Map.of("Idempotency-Key", key))
                .status())
        .isEqualTo(422);
  }

  private JsonNode turnEvent(String replyId) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> KafkaEvents.find("usage.chat-turn", "message_id", replyId), e -> e != null);
  }
}
