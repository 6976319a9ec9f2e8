package com.companion.chat.turn;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;

/**
 * Gathers a streamed reply's text into fewer {@code delta} events. Every SSE event costs a write
 * and a flush in chat-service, the same again in the edge, and a read in the client, while a
 * reply's text arrives a piece (about a word) at a time. The first text goes out at once, so the
 * first word is not delayed; after it, the text released within {@code window} of a waiting piece
 * goes out as one event, and any other event (the stored reply, a notice, an error, the end) first
 * sends the text waiting before it. Text is only gathered here, after moderation released it:
 * nothing goes out that was not checked, and nothing is held longer than the window.
 */
final class DeltaGathering {

  private DeltaGathering() {}

  /**
   * {@code events} with the text after the first gathered per {@code window}; 0 changes nothing.
   */
  static Flux<TurnEvent> of(Flux<TurnEvent> events, Duration window, Scheduler timer) {
    if (window.isZero() || window.isNegative()) {
      return events;
    }
    return Flux.create(
        sink -> {
          Gatherer gatherer = new Gatherer(sink, window, timer);
          Disposable upstream =
              events.subscribe(gatherer::next, gatherer::error, gatherer::complete);
          // a client that leaves cancels the turn's stream, as it did without the gathering
          sink.onDispose(
              () -> {
                gatherer.stopTimer();
                upstream.dispose();
              });
        });
  }

  private static final class Gatherer {
    private final FluxSink<TurnEvent> sink;
    private final long windowNanos;
    private final Scheduler timer;
    private boolean textSent;
    private StringBuilder waiting;
    private volatile Disposable flush;

    Gatherer(FluxSink<TurnEvent> sink, Duration window, Scheduler timer) {
      this.sink = sink;
      this.windowNanos = window.toNanos();
      this.timer = timer;
    }

    synchronized void next(TurnEvent event) {
      if (!(event instanceof TurnEvent.Delta delta)) {
        sendWaiting();
        sink.next(event);
        return;
      }
      if (!textSent) {
        textSent = true;
        sink.next(delta);
        return;
      }
      if (waiting == null) {
        waiting = new StringBuilder(delta.text());
        flush = timer.schedule(this::sendWaitingNow, windowNanos, TimeUnit.NANOSECONDS);
      } else {
        waiting.append(delta.text());
      }
    }

    synchronized void error(Throwable error) {
      sendWaiting();
      sink.error(error);
    }

    synchronized void complete() {
      sendWaiting();
      sink.complete();
    }

    private synchronized void sendWaitingNow() {
      sendWaiting();
    }

    private void sendWaiting() {
      stopTimer();
      if (waiting != null) {
        sink.next(new TurnEvent.Delta(waiting.toString()));
        waiting = null;
      }
    }

    void stopTimer() {
      Disposable pending = flush;
      if (pending != null) {
        flush = null;
        pending.dispose();
      }
    }
  }
}
