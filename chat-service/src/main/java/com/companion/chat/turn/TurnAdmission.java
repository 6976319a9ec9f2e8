package com.companion.chat.turn;

import com.companion.chat.model.ModelClient;
import com.companion.platform.web.PlatformProblem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The first stage of a turn: a slot among the turns this instance runs at once. Past the model's
 * capacity, a queued turn only makes every turn slower, so a turn that finds every slot taken is
 * refused at once (503 {@code busy} with {@code Retry-After}), before it costs a database write or
 * a model call; the client retries with the same {@code Idempotency-Key}.
 *
 * <p>A slot is given back when its turn ends in any way. A slot whose turn was never streamed (the
 * client left between the start and the first read) is taken back once it is older than the
 * conversation lease, the longest a turn may run.
 */
final class TurnAdmission {

  private final int maxInFlight;
  private final Duration retryAfter;
  private final Duration abandonedAfter;
  private final Clock clock;
  private final Map<Slot, Instant> taken = new ConcurrentHashMap<>();
  private final Counter refused;

  TurnAdmission(
      int maxInFlight,
      Duration retryAfter,
      Duration abandonedAfter,
      Clock clock,
      MeterRegistry meters) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("chat.admission.max-turns-in-flight must be at least 1");
    }
    this.maxInFlight = maxInFlight;
    this.retryAfter = retryAfter;
    this.abandonedAfter = abandonedAfter;
    this.clock = clock;
    this.refused =
        Counter.builder("chat.turns.refused")
            .description("turns refused with 503 busy because every slot was taken")
            .register(meters);
    Gauge.builder("chat.turns.in_flight", taken, Map::size)
        .description("turns running on this instance")
        .register(meters);
  }

  /** A slot for one turn, or a 503 {@code busy} problem when every slot is taken. */
  Slot enter() {
    if (taken.size() >= maxInFlight) {
      Instant oldest = clock.instant().minus(abandonedAfter);
      taken.values().removeIf(since -> since.isBefore(oldest));
    }
    Slot slot = new Slot();
    taken.put(slot, clock.instant());
    if (taken.size() > maxInFlight) {
      slot.release();
      refused.increment();
      PlatformProblem busy =
          PlatformProblem.of(
              HttpStatus.SERVICE_UNAVAILABLE,
              ModelClient.BUSY,
              "many people are chatting right now, please try again in "
                  + retryAfter.toSeconds()
                  + " s");
      busy.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
      throw busy;
    }
    return slot;
  }

  int inFlight() {
    return taken.size();
  }

  /** One turn's slot; releasing it more than once has no further effect. */
  final class Slot {
    private final AtomicBoolean released = new AtomicBoolean();

    void release() {
      if (released.compareAndSet(false, true)) {
        taken.remove(this);
      }
    }
  }
}
