package com.companion.gateway.completion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Signal;
import reactor.core.scheduler.Schedulers;

/**
 * Joins the tokens of a stream that arrive within a short window into one {@link
 * GenerationEvent.Token}, so every hop after the gateway (the gateway's own SSE frame,
 * chat-service's parsing and moderation, the edge, the app) handles one event where it handled
 * several. The first token of a reply is never held: only the ones after it wait, at most one
 * window each. An error still arrives after every token that came before it.
 */
public final class TokenGathering {

  /** Tokens joined into one event at most, whatever the window. */
  private static final int MAX_GATHERED = 64;

  private TokenGathering() {}

  /**
   * {@code events} with the tokens after the first gathered per {@code window}; zero: as they are.
   */
  public static Flux<GenerationEvent> gather(Flux<GenerationEvent> events, Duration window) {
    if (window.isZero()) {
      return events;
    }
    return events.switchOnFirst(
        (first, all) -> {
          if (!first.hasValue()) {
            return all;
          }
          return Flux.concat(
              Flux.just(first.get()),
              all.skip(1)
                  .materialize()
                  // fair back-pressure: a window that closes while the writer is still busy waits
                  // for it instead of overflowing
                  .bufferTimeout(MAX_GATHERED, window, Schedulers.parallel(), true)
                  .concatMap(TokenGathering::joined));
        });
  }

  private static Flux<GenerationEvent> joined(List<Signal<GenerationEvent>> signals) {
    List<GenerationEvent> out = new ArrayList<>(2);
    StringBuilder text = null;
    int tokens = 0;
    Throwable error = null;
    for (Signal<GenerationEvent> signal : signals) {
      if (signal.isOnError()) {
        error = signal.getThrowable();
      } else if (signal.get() instanceof GenerationEvent.Token token) {
        text = text == null ? new StringBuilder(token.text()) : text.append(token.text());
        tokens += token.count();
      } else if (signal.get() instanceof GenerationEvent.Done done) {
        if (text != null) {
          out.add(new GenerationEvent.Token(text.toString(), tokens));
          text = null;
          tokens = 0;
        }
        out.add(done);
      }
    }
    if (text != null) {
      out.add(new GenerationEvent.Token(text.toString(), tokens));
    }
    Flux<GenerationEvent> joined = Flux.fromIterable(out);
    return error == null ? joined : joined.concatWith(Flux.error(error));
  }
}
