package com.companion.chat.safety;

import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A {@link ReplyModeration} built on a plain text check (safety-filter's {@code POST
 * /v1/moderations}), for when no streaming session is available.
 *
 * <p>Text is released up to the last word boundary that passed a check of everything generated so
 * far; the unfinished word and anything not yet checked are held back, so a word split across
 * tokens is never shown half checked. The first word is checked as soon as it is complete (the
 * first token the user sees is not delayed by a whole window); after that a check runs once {@code
 * checkEveryChars} new characters wait, which keeps checks to a few per reply. The held-back window
 * is therefore at most about {@code checkEveryChars} characters plus one word.
 */
public final class CheckedPrefixModeration implements ReplyModeration {

  private final Function<String, Mono<ModerationVerdict>> check;
  private final int checkEveryChars;
  private final int maxCheckedChars;
  private final StringBuilder text = new StringBuilder();
  private int released;
  private ModerationVerdict lastVerdict = ModerationVerdict.ALLOWED;

  public CheckedPrefixModeration(
      Function<String, Mono<ModerationVerdict>> check, int checkEveryChars, int maxCheckedChars) {
    this.check = check;
    this.checkEveryChars = Math.max(1, checkEveryChars);
    this.maxCheckedChars = Math.max(64, maxCheckedChars);
  }

  @Override
  public synchronized Mono<Release> push(String chunk) {
    text.append(chunk);
    int boundary = lastBoundary(text, released);
    boolean due = boundary > released && (released == 0 || boundary - released >= checkEveryChars);
    return due ? checkUpTo(boundary) : Mono.just(Release.nothing(lastVerdict));
  }

  @Override
  public synchronized Mono<Release> close() {
    return checkUpTo(text.length());
  }

  private Mono<Release> checkUpTo(int upTo) {
    String window = text.substring(Math.max(0, upTo - maxCheckedChars), upTo);
    return check
        .apply(window)
        .map(
            verdict -> {
              synchronized (this) {
                lastVerdict = verdict;
                if (verdict.action() == ModerationVerdict.Action.BLOCK) {
                  return new Release("", verdict, true);
                }
                String out = text.substring(released, Math.max(released, upTo));
                released = Math.max(released, upTo);
                return new Release(out, verdict, false);
              }
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
