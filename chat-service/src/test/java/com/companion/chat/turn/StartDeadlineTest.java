package com.companion.chat.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.platform.web.PlatformProblem;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** A turn that hears nothing is told so, with the step it waited for; one in time is untouched. */
class StartDeadlineTest {

  private final StartDeadline deadline = new StartDeadline(Duration.ofSeconds(60));

  @Test
  void aTurnStuckAtAStepEndsAtTheDeadlineWithA503NamingThatStep() {
    StepVerifier.withVirtualTime(
            () -> {
              StartDeadline.Watch watch = deadline.watch();
              return watch.guard(
                  watch
                      .step("the conversation", Mono.just("row"))
                      .then(watch.step("the lease", Mono.<String>never())),
                  "turn of conversation c");
            })
        .expectSubscription()
        .expectNoEvent(Duration.ofSeconds(59))
        .thenAwait(Duration.ofSeconds(1))
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(PlatformProblem.class);
              PlatformProblem problem = (PlatformProblem) e;
              assertThat(problem.getStatusCode().value()).isEqualTo(503);
              assertThat(problem.getBody().getDetail()).contains("waiting for the lease");
              assertThat(problem.getHeaders().getFirst("Retry-After")).isEqualTo("5");
            })
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void aTurnThatStartsInTimeIsPassedOnAsItCame() {
    StepVerifier.withVirtualTime(
            () -> {
              StartDeadline.Watch watch = deadline.watch();
              return watch.guard(
                  watch.step(
                      "the lease", Mono.just("started").delayElement(Duration.ofSeconds(59))),
                  "turn of conversation c");
            })
        .thenAwait(Duration.ofSeconds(59))
        .expectNext("started")
        .verifyComplete();
  }
}
