package com.companion.gateway.safety;

import com.companion.gateway.completion.GenerationEvent;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Moderates one streamed reply before any of it is released: text goes out only up to the last word
 * boundary that passed a check of everything written so far, so a word split across tokens is never
 * shown half checked. The first word is checked as soon as it is complete; after that a check runs
 * once {@code checkEveryChars} new characters wait. A blocked reply ends at once with {@code
 * finish_reason} {@code content_filter}, as OpenAI ends a filtered completion.
 */
public final class ReplyModeration {

  private final Function<String, Mono<ModerationClient.Verdict>> check;
  private final int checkEveryChars;
  private final int maxCheckedChars;
  private final StringBuilder text = new StringBuilder();
  private int released;

  public ReplyModeration(
      Function<String, Mono<ModerationClient.Verdict>> check,
      int checkEveryChars,
      int maxCheckedChars) {
    this.check = check;
    this.checkEveryChars = Math.max(1, checkEveryChars);
    this.maxCheckedChars = Math.max(64, maxCheckedChars);
  }

  /** The node's events, with text released only once checked; ends after a {@code Done}. */
  public Flux<GenerationEvent> apply(Flux<GenerationEvent> events) {
    return events
        .concatMap(
            event -> {
              if (event instanceof GenerationEvent.Token token) {
                text.append(token.text());
                int boundary = lastBoundary(text, released);
                boolean due =
                    boundary > released
                        && (released == 0 || boundary - released >= checkEveryChars);
                return due ? releaseUpTo(boundary, null) : Flux.empty();
              }
              GenerationEvent.Done done = (GenerationEvent.Done) event;
              return releaseUpTo(text.length(), done);
            })
        .takeUntil(event -> event instanceof GenerationEvent.Done);
  }

  private Flux<GenerationEvent> releaseUpTo(int upTo, GenerationEvent.Done done) {
    if (upTo <= released && done != null) {
      return Flux.just(done);
    }
    String window = text.substring(Math.max(0, upTo - maxCheckedChars), upTo);
    return check
        .apply(window)
        .flatMapMany(
            verdict -> {
              if (verdict == ModerationClient.Verdict.BLOCK) {
                return Flux.just(
                    new GenerationEvent.Done(
                        "content_filter",
                        done == null ? 0 : done.promptTokens(),
                        done == null ? 0 : done.completionTokens()));
              }
              String out = text.substring(released, upTo);
              released = upTo;
              GenerationEvent.Token token = new GenerationEvent.Token(out);
              return done == null ? Flux.just(token) : Flux.just(token, done);
            });
  }

  /** The index just after the last whitespace at or beyond {@code from}, or {@code from}. */
  static int lastBoundary(CharSequence text, int from) {
    for (int i = text.length() - 1; i >= from; i--) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i + 1;
      }
    }
    return from;
  }
}
