package com.companion.chat.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.chat.turn.StartDeadline.Step;
import com.companion.platform.web.PlatformProblem;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** A turn that hears nothing is told so, with the step it waited for; one in time is untouched. */
class StartDeadlineTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final StartDeadline deadline = new StartDeadline(Duration.ofSeconds(60), meters);

  @Test
  void aTurnStuckAtAStepEndsAtTheDeadlineWithA503NamingThatStep() {
    StepVerifier.withVirtualTime(
            () -> {
              StartDeadline.Watch watch = deadline.watch();
              return watch.guard(
                  watch
                      .step(Step.CONVERSATION, Mono.just("row"))
                      .then(watch.step(Step.CLAIM, Mono.<String>never())),
                  "turn of conversation c",
                  0);
            })
        .expectSubscription()
        .expectNoEvent(Duration.ofSeconds(59))
        .thenAwait(Duration.ofSeconds(1))
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(PlatformProblem.class);
              PlatformProblem problem = (PlatformProblem) e;
              assertThat(problem.getStatusCode().value()).isEqualTo(503);
              assertThat(problem.getBody().getDetail())
                  .contains(
                      "waiting for the Idempotency-Key, the conversation's lease and the user's message");
              assertThat(problem.getHeaders().getFirst("Retry-After")).isEqualTo("5");
            })
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void theLogNamesThePartsOfAStepThatHaveNotAnswered() {
    StartDeadline.Watch watch = deadline.watch();
    Mono<Object> stuck =
        watch.step(
            Step.PROMPT,
            Mono.zip(
                    watch.part("the recent messages", Mono.just("path")),
                    watch.part("the character's card", Mono.never()))
                .cast(Object.class));
    stuck.subscribe();
    assertThat(watch.waitingFor()).isEqualTo("the prompt (the character's card not answered)");
  }

  @Test
  void aTurnThatStartsInTimeIsPassedOnAsItCame() {
    StepVerifier.withVirtualTime(
            () -> {
              StartDeadline.Watch watch = deadline.watch();
              return watch.guard(
                  watch.step(Step.CLAIM, Mono.just("started").delayElement(Duration.ofSeconds(59))),
                  "turn of conversation c",
                  System.nanoTime());
            })
        .thenAwait(Duration.ofSeconds(59))
        .expectNext("started")
        .verifyComplete();
    assertThat(meters.get("chat.turn.start").timer().count()).isEqualTo(1);
    assertThat(meters.get("chat.turn.start.step").tag("step", "claim").timer().count())
        .isEqualTo(1);
  }

  @Test
  void eachStepIsTimedUntilItAnswers() {
    StartDeadline.Watch watch = deadline.watch();
    watch
        .guard(
            watch
                .step(Step.CONVERSATION, Mono.just("row"))
                .then(watch.step(Step.PROMPT, Mono.delay(Duration.ofMillis(30)).thenReturn("x"))),
            "turn of conversation c",
            System.nanoTime())
        .block(Duration.ofSeconds(5));

    Timer prompt = meters.get("chat.turn.start.step").tag("step", "prompt").timer();
    Timer conversation = meters.get("chat.turn.start.step").tag("step", "conversation").timer();
    assertThat(prompt.count()).isEqualTo(1);
    assertThat(prompt.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(30);
    assertThat(conversation.totalTime(TimeUnit.MILLISECONDS)).isLessThan(30);
    assertThat(meters.get("chat.turn.start").timer().totalTime(TimeUnit.MILLISECONDS))
        .isGreaterThanOrEqualTo(30);
  }
}
