package com.companion.chat.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.companion.chat.catalog.CharacterCard;
import com.companion.chat.model.ModelChunk;
import com.companion.chat.support.ChatIntegrationTest;
import com.companion.chat.support.KafkaEvents;
import com.companion.testkit.AccountDeletedEvent;
import com.companion.testkit.AccountDeletionRecords;
import com.companion.testkit.SchemaScan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A turn of a user whose account is deleted while the turn runs: a streaming turn is stopped at
 * once (model cancelled, an {@code error} event, nothing stored), and a turn whose writes come
 * right after the erasure leaves no row and no event naming the user.
 */
class TurnDuringDeletionIT extends ChatIntegrationTest {

  /** Far shorter than {@code chat.stream-idle-timeout} (30 s), which would end it otherwise. */
  private static final Duration PROMPTLY = Duration.ofSeconds(10);

  private AccountDeletionRecords deletions;

  @BeforeEach
  void deletionRecords() {
    deletions = new AccountDeletionRecords(dataSource, "chat");
  }

  @AfterEach
  void openTheSafetyGate() {
    safety.holdInputsUntil(Mono.empty());
  }

  @Test
  void aStreamingTurnIsStoppedWhenItsAccountIsDeleted() throws Exception {
    User leaving = adult();
    String id = startWithAda(leaving);
    // a reply that would go on for ever: only the deletion can end it within the test's patience
    model.behave(
        request ->
            Flux.concat(Flux.just(ModelChunk.text("Once upon ", "scripted-v1")), Flux.never()));
    List<Event> events = new CopyOnWriteArrayList<>();
    CountDownLatch ended = new CountDownLatch(1);
    Disposable turn =
        stream(
                "/v1/conversations/" + id + "/messages",
                leaving,
                Map.of("content", "Tell me a long story"),
                Map.of())
            .subscribe(events::add, e -> ended.countDown(), ended::countDown);
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> events.stream().anyMatch(e -> e.name().equals("delta")));

      AccountDeletedEvent.of(leaving.id(), "glow", "u_pseudonym").publish(leaving.id());
      deletions.awaitDone(leaving.id());

      assertThat(ended.await(PROMPTLY.toSeconds(), TimeUnit.SECONDS))
          .as("the client's stream ended")
          .isTrue();
    } finally {
      turn.dispose();
    }
    Event last = events.getLast();
    assertThat(last.name()).isEqualTo("error");
    assertThat(last.data().path("type").asString()).endsWith("/unauthenticated");
    assertThat(last.data().path("detail").asString()).isEqualTo("this account was deleted");
    assertThat(events).noneMatch(e -> e.name().equals("done"));
    assertThat(model.cancelled.get()).as("the model's stream was cancelled").isEqualTo(1);
    assertNothingLeftOf(leaving, id);
  }

  @Test
  void aUserMessageWrittenRightAfterTheErasureLeavesNothing() throws Exception {
    Answer answer = turnReachingItsWritesAfterTheErasure("Hello there");
    assertThat(answer.status()).isEqualTo(404);
  }

  @Test
  void aRefusedInputJudgedRightAfterTheErasureLeavesNoUsageEvent() throws Exception {
    // a refused input writes only a usage event, which references no row of the conversation
    Answer answer = turnReachingItsWritesAfterTheErasure("Something forbidden");
    assertThat(answer.status()).isEqualTo(422);
  }

  /**
   * A turn that has read its conversation and waits for the check of its input; the account is
   * deleted meanwhile, and only then the check answers and the turn goes on to write (the key, the
   * lease and the user message, or a refused input's usage event).
   */
  private Answer turnReachingItsWritesAfterTheErasure(String content) throws Exception {
    User leaving = adult();
    String id = startWithAda(leaving);
    Sinks.Empty<Void> verdict = Sinks.empty();
    safety.holdInputsUntil(verdict.asMono());
    CompletableFuture<Answer> turn =
        CompletableFuture.supplyAsync(
            () ->
                call(
                    "POST",
                    "/v1/conversations/" + id + "/messages",
                    leaving,
                    Map.of("content", content)));
    await().atMost(Duration.ofSeconds(10)).until(() -> safety.inputs.contains(content));

    AccountDeletedEvent.of(leaving.id(), "glow", "u_pseudonym").publish(leaving.id());
    deletions.awaitDone(leaving.id());
    verdict.tryEmitEmpty();

    Answer answer = turn.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS);
    assertNothingLeftOf(leaving, id);
    return answer;
  }

  /**
   * No row of the {@code chat} schema holds the user's id, and no usage event of the conversation
   * was written: another user's turn is published after anything the dying turn could have written.
   */
  private void assertNothingLeftOf(User leaving, String conversationId) {
    User other = adult();
    CharacterCard bard = catalog.character("Bo", "Hi!", List.of());
    model.reset();
    String marker = startWith(other, bard.id());
    Answer sent = send(other, marker, "Hi");
    assertThat(sent.status()).isEqualTo(201);
    String replyId = sent.body().path("reply").path("id").asString();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> KafkaEvents.find("usage.chat-turn", "message_id", replyId) != null);

    SchemaScan scan = SchemaScan.of(dataSource, "chat", leaving.id());
    assertThat(scan.checked()).contains("conversations.user_id", "chat_sessions.user_id");
    assertThat(scan.found()).isEmpty();
    assertThat(
            jdbc.sql("select count(*) from chat.outbox where message_key = ?")
                .param(conversationId)
                .query(Integer.class)
                .single())
        .isZero();
    assertThat(KafkaEvents.find("usage.chat-turn", "conversation_id", conversationId)).isNull();
  }
}
