package com.companion.gateway.completion;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class TokenGatheringTest {

  private static final Duration WINDOW = Duration.ofMillis(40);
  private static final GenerationEvent.Done DONE = new GenerationEvent.Done("stop", 12, 4);

  @Test
  void theFirstTokenGoesAtOnceAndTheNextOnesWaitForTheirWindowTogether() {
    Sinks.Many<GenerationEvent> node = Sinks.many().unicast().onBackpressureBuffer();
    StepVerifier.withVirtualTime(() -> TokenGathering.gather(node.asFlux(), WINDOW))
        .then(() -> node.tryEmitNext(new GenerationEvent.Token("Good")))
        .expectNext(new GenerationEvent.Token("Good"))
        .then(
            () -> {
              node.tryEmitNext(new GenerationEvent.Token(" mor"));
              node.tryEmitNext(new GenerationEvent.Token("row", 2));
            })
        .expectNoEvent(WINDOW.minusMillis(1))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(new GenerationEvent.Token(" morrow", 3))
        .then(
            () -> {
              node.tryEmitNext(new GenerationEvent.Token("!"));
              node.tryEmitNext(DONE);
              node.tryEmitComplete();
            })
        // the end of the reply does not wait for the window
        .expectNext(new GenerationEvent.Token("!"), DONE)
        .verifyComplete();
  }

  @Test
  void anErrorComesAfterTheTokensBeforeIt() {
    Sinks.Many<GenerationEvent> node = Sinks.many().unicast().onBackpressureBuffer();
    IllegalStateException cut = new IllegalStateException("node gone");
    StepVerifier.withVirtualTime(() -> TokenGathering.gather(node.asFlux(), WINDOW))
        .then(() -> node.tryEmitNext(new GenerationEvent.Token("Good")))
        .expectNext(new GenerationEvent.Token("Good"))
        .then(
            () -> {
              node.tryEmitNext(new GenerationEvent.Token(" morrow"));
              node.tryEmitError(cut);
            })
        .expectNext(new GenerationEvent.Token(" morrow"))
        .verifyErrorSatisfies(
            error -> org.assertj.core.api.Assertions.assertThat(error).isSameAs(cut));
  }

  @Test
  void noWindowLeavesEveryTokenAlone() {
    Sinks.Many<GenerationEvent> node = Sinks.many().unicast().onBackpressureBuffer();
    StepVerifier.create(TokenGathering.gather(node.asFlux(), Duration.ZERO))
        .then(
            () -> {
              node.tryEmitNext(new GenerationEvent.Token("a"));
              node.tryEmitNext(new GenerationEvent.Token("b"));
              node.tryEmitNext(DONE);
              node.tryEmitComplete();
            })
        .expectNext(new GenerationEvent.Token("a"), new GenerationEvent.Token("b"), DONE)
        .verifyComplete();
  }
}
