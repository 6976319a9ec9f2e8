package com.companion.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class LazyConnectionGuardTest {

  private final LazyConnectionGuard guard = new LazyConnectionGuard();

  private String threadOf(Mono<String> outcome) {
    return guard
        .call(
            () ->
                Mono.fromCallable(() -> Thread.currentThread().getName())
                    .flatMap(t -> outcome.thenReturn(t)))
        .onErrorResume(e -> Mono.just("failed"))
        .block(Duration.ofSeconds(10));
  }

  private String threadOfFailure() {
    String[] thread = new String[1];
    guard
        .call(
            () ->
                Mono.fromCallable(
                        () -> {
                          thread[0] = Thread.currentThread().getName();
                          return "x";
                        })
                    .then(Mono.<String>error(new IllegalStateException("connection refused"))))
        .onErrorResume(e -> Mono.empty())
        .block(Duration.ofSeconds(10));
    return thread[0];
  }

  @Test
  void runsOffTheCallersThreadUntilACommandSucceededAndAgainAfterAFailure() {
    String caller = Thread.currentThread().getName();

    assertThat(threadOfFailure()).startsWith("boundedElastic");
    assertThat(threadOf(Mono.empty())).startsWith("boundedElastic");
    // connected: no hop
    assertThat(threadOf(Mono.empty())).isEqualTo(caller);
    assertThat(threadOfFailure()).isEqualTo(caller);
    // the failure may have dropped the connection: off the caller's thread again
    assertThat(threadOf(Mono.empty())).startsWith("boundedElastic");
  }

  @Test
  void connectsInTheBackgroundUntilAPingSucceedsAndThenCallsNeedNoHop() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    guard.connectInBackground(
        () ->
            tries.incrementAndGet() < 3
                ? Mono.error(new IllegalStateException("connection refused"))
                : Mono.just("PONG"),
        Duration.ofMillis(5),
        Duration.ofMillis(20));

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!guard.connected() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(guard.connected()).isTrue();
    assertThat(tries).hasValue(3);
    assertThat(threadOf(Mono.empty())).isEqualTo(Thread.currentThread().getName());
  }

  @Test
  void closingStopsTheTries() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    guard.connectInBackground(
        () -> {
          tries.incrementAndGet();
          return Mono.error(new IllegalStateException("connection refused"));
        },
        Duration.ofMillis(5),
        Duration.ofMillis(5));
    Thread.sleep(50);
    guard.close();
    Thread.sleep(20);
    int afterClose = tries.get();
    Thread.sleep(100);

    assertThat(afterClose).isPositive();
    assertThat(tries).hasValue(afterClose);
    assertThat(guard.connected()).isFalse();
  }
}
