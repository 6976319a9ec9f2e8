package com.companion.chat.turn;

import com.companion.chat.model.ModelClient;
import com.companion.platform.admission.FairLine;
import com.companion.platform.admission.FairLine.Pick;
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
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The first stage of a turn: a slot among the turns this instance runs at once. Past the model's
 * capacity more turns at once only make every turn slower, so a turn that finds every slot taken
 * waits in a line, first come first served, without costing anything, and takes the next slot that
 * frees up. A turn that finds the line full, or that has waited {@code maxWait}, is refused (503
 * {@code busy} with {@code Retry-After}) before it costs a database write or a model call; the
 * client retries with the same {@code Idempotency-Key}. Waiting instead of refusing matters past
 * capacity: a refused client comes back every few seconds through the edge and this service, and
 * those retries take the CPU the admitted turns need.
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
  private final FairLine<Slot> line;
  private final Counter refused;

  TurnAdmission(
      int maxInFlight,
      int maxWaiting,
      Duration maxWait,
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
    this.line =
        new FairLine<>(
            maxWaiting, maxWait, Schedulers.parallel(), Slot.class, why -> busy(), Slot::release);
    this.refused =
        Counter.builder("chat.turns.refused")
            .description("turns refused with 503 busy: the line was full or the wait too long")
            .register(meters);
    Gauge.builder("chat.turns.in_flight", taken, Map::size)
        .description("turns running on this instance")
        .register(meters);
    Gauge.builder("chat.turns.waiting", line, FairLine::waiting)
        .description("turns waiting in line for a slot")
        .register(meters);
  }

  /**
   * A slot for one turn: at once when one is free and nobody waits, else after the turns ahead in
   * line; a 503 {@code busy} problem when the line is full or the wait reaches {@code maxWait}.
   */
  Mono<Slot> enter() {
    return line.enter(this::take);
  }

  /** A free slot, or none; called under the line's lock. */
  private Pick<Slot> take() {
    if (taken.size() >= maxInFlight) {
      Instant oldest = clock.instant().minus(abandonedAfter);
      taken.values().removeIf(since -> since.isBefore(oldest));
    }
    if (taken.size() >= maxInFlight) {
      return Pick.full();
    }
    Slot slot = new Slot();
    taken.put(slot, clock.instant());
    return Pick.taken(slot);
  }

  private PlatformProblem busy() {
    refused.increment();
    PlatformProblem busy =
        PlatformProblem.of(
            HttpStatus.SERVICE_UNAVAILABLE,
            ModelClient.BUSY,
            "many people are chatting right now, please try again in "
                + retryAfter.toSeconds()
                + " s");
    busy.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
    return busy;
  }

  /** One turn's slot; releasing it more than once has no further effect. */
  final class Slot {
    private final AtomicBoolean released = new AtomicBoolean();

    void release() {
      if (released.compareAndSet(false, true)) {
        taken.remove(this);
        line.freed();
      }
    }
  }
}
