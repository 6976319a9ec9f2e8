package com.companion.chat.turn;

import com.companion.chat.model.ModelClient;
import com.companion.platform.web.PlatformProblem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

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
  private final int maxWaiting;
  private final Duration maxWait;
  private final Duration retryAfter;
  private final Duration abandonedAfter;
  private final Clock clock;
  private final Map<Slot, Instant> taken = new ConcurrentHashMap<>();
  private final Deque<Waiter> line = new ArrayDeque<>();
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
    this.maxWaiting = Math.max(0, maxWaiting);
    this.maxWait = maxWait;
    this.retryAfter = retryAfter;
    this.abandonedAfter = abandonedAfter;
    this.clock = clock;
    this.refused =
        Counter.builder("chat.turns.refused")
            .description("turns refused with 503 busy: the line was full or the wait too long")
            .register(meters);
    Gauge.builder("chat.turns.in_flight", taken, Map::size)
        .description("turns running on this instance")
        .register(meters);
    Gauge.builder("chat.turns.waiting", this, TurnAdmission::waiting)
        .description("turns waiting in line for a slot")
        .register(meters);
  }

  /** A turn waiting for a slot; settled once it is served, refused or gone. */
  private static final class Waiter {
    final MonoSink<Slot> sink;
    final AtomicBoolean settled = new AtomicBoolean();

    Waiter(MonoSink<Slot> sink) {
      this.sink = sink;
    }
  }

  /**
   * A slot for one turn: at once when one is free and nobody waits, else after the turns ahead in
   * line; a 503 {@code busy} problem when the line is full or the wait reaches {@code maxWait}.
   */
  Mono<Slot> enter() {
    return Mono.<Slot>create(
            sink -> {
              Waiter waiter = new Waiter(sink);
              synchronized (this) {
                if (taken.size() >= maxInFlight) {
                  Instant oldest = clock.instant().minus(abandonedAfter);
                  taken.values().removeIf(since -> since.isBefore(oldest));
                }
                if (line.isEmpty() && taken.size() < maxInFlight) {
                  sink.success(take());
                  return;
                }
                if (line.size() >= maxWaiting) {
                  refused.increment();
                  sink.error(busy());
                  return;
                }
                line.addLast(waiter);
              }
              sink.onCancel(() -> leave(waiter));
              Disposable deadline =
                  Mono.delay(maxWait)
                      .subscribe(
                          tick -> {
                            if (leave(waiter)) {
                              refused.increment();
                              sink.error(busy());
                            }
                          });
              sink.onDispose(deadline);
            })
        // a slot handed over just as its turn's client left is given back, not lost
        .doOnDiscard(Slot.class, Slot::release);
  }

  synchronized int waiting() {
    return line.size();
  }

  private Slot take() {
    Slot slot = new Slot();
    taken.put(slot, clock.instant());
    return slot;
  }

  /** Takes the waiter out of the line unless it was served already; true if this call did. */
  private boolean leave(Waiter waiter) {
    if (!waiter.settled.compareAndSet(false, true)) {
      return false;
    }
    synchronized (this) {
      line.remove(waiter);
    }
    return true;
  }

  /** Hands free slots to the turns waiting longest; their sinks are called outside the lock. */
  private void serve() {
    List<Runnable> grants = new ArrayList<>();
    synchronized (this) {
      while (!line.isEmpty() && taken.size() < maxInFlight) {
        Waiter waiter = line.pollFirst();
        if (waiter.settled.compareAndSet(false, true)) {
          Slot slot = take();
          grants.add(() -> waiter.sink.success(slot));
        }
      }
    }
    grants.forEach(Runnable::run);
  }

  private PlatformProblem busy() {
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
        serve();
      }
    }
  }
}
