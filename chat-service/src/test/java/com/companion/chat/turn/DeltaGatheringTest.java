package com.companion.chat.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

/**
 * The first text goes out at once; the text after it goes out gathered per window, never later, and
 * every other event sends the text waiting before it.
 */
class DeltaGatheringTest {

  private static final Duration WINDOW = Duration.ofMillis(30);

  private static TurnEvent.Delta delta(String text) {
    return new TurnEvent.Delta(text);
  }

  @Test
  void theFirstTextGoesAtOnceAndTheRestGatheredPerWindow() {
    TestPublisher<TurnEvent> reply = TestPublisher.create();
    TurnEvent.Done done = new TurnEvent.Done("stop", null);

    StepVerifier.withVirtualTime(
            () -> DeltaGathering.of(reply.flux(), WINDOW, Schedulers.parallel()))
        .expectSubscription()
        .then(() -> reply.next(delta("Good ")))
        .expectNext(delta("Good "))
        .then(() -> reply.next(delta("morrow, "), delta("gentle ")))
        .expectNoEvent(Duration.ofMillis(29))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(delta("morrow, gentle "))
        .then(() -> reply.next(delta("friend."), done))
        .expectNext(delta("friend."), done)
        .then(reply::complete)
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void anEndOrAnErrorSendsTheTextWaitingBeforeIt() {
    StepVerifier.withVirtualTime(
            () ->
                DeltaGathering.of(
                    Flux.<TurnEvent>just(delta("One "), delta("two "), delta("three"))
                        .concatWith(Flux.error(new IllegalStateException("the model failed"))),
                    WINDOW,
                    Schedulers.parallel()))
        .expectNext(delta("One "), delta("two three"))
        .expectErrorMessage("the model failed")
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void aClientThatLeavesCancelsTheReply() {
    TestPublisher<TurnEvent> reply = TestPublisher.create();

    StepVerifier.create(DeltaGathering.of(reply.flux(), WINDOW, Schedulers.parallel()))
        .then(() -> reply.next(delta("Hello")))
        .expectNext(delta("Hello"))
        .thenCancel()
        .verify(Duration.ofSeconds(5));

    reply.assertCancelled();
  }

  @Test
  void noWindowChangesNothing() {
    Flux<TurnEvent> events = Flux.just(delta("a"), delta("b"));

    assertThat(DeltaGathering.of(events, Duration.ZERO, Schedulers.parallel())).isSameAs(events);
  }
}
