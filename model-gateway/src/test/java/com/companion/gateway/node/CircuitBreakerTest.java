package com.companion.gateway.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.gateway.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), clock);

  @Test
  void opensAfterConsecutiveFailuresThenLetsOneProbeThrough() {
    for (int i = 0; i < 3; i++) {
      assertThat(breaker.tryAcquire()).isTrue();
      breaker.onFailure();
    }
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.tryAcquire()).isFalse();

    clock.advance(Duration.ofSeconds(10));
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).as("only one probe").isFalse();
    breaker.onSuccess();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void aFailedProbeOpensAgain() {
    for (int i = 0; i < 3; i++) {
      breaker.onFailure();
    }
    clock.advance(Duration.ofSeconds(11));
    assertThat(breaker.tryAcquire()).isTrue();
    breaker.onFailure();
    assertThat(breaker.tryAcquire()).isFalse();
  }

  @Test
  void aSuccessResetsTheCount() {
    breaker.onFailure();
    breaker.onFailure();
    breaker.onSuccess();
    breaker.onFailure();
    breaker.onFailure();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void nodeLoadIsReadFromVllmStyleMetrics() {
    NodeLoad load =
        NodeRegistry.toLoad(
            "# HELP x\nvllm:num_requests_running{model_name=\"m\"} 3.0\n"
                + "vllm:num_requests_waiting{model_name=\"m\"} 2\n"
                + "vllm:kv_cache_usage_perc{model_name=\"m\"} 0.5\n"
                + "vllm:prefix_cache_queries_total{model_name=\"m\"} 100\n"
                + "vllm:prefix_cache_hits_total{model_name=\"m\"} 40\n");
    assertThat(load).isEqualTo(new NodeLoad(3, 2, 0.5, 100, 40));
  }
}
