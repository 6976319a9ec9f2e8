package com.companion.chat.prompt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Remembers the counts of recent texts. A turn's prompt is the same card and, but for the newest
 * message, the same history as the turn before, and the assembler counts each piece, some more than
 * once, while it fits them to the budget; counting with the model's tokenizer costs about 0.6 µs
 * per character (some 5 ms per turn at one user on the 2-core machine). Counts of one text never
 * change, so remembering them is exact.
 *
 * <p>At most {@link #KEPT} texts are kept; the cache keeps those used often and lets one-off texts
 * go first. Texts longer than {@link #LONGEST_KEPT} characters are counted every time.
 */
public final class CachingTokenCounter implements TokenCounter {

  static final int KEPT = 8192;
  static final int LONGEST_KEPT = 8192;

  private final TokenCounter counter;
  private final Cache<String, Integer> counts;

  public CachingTokenCounter(TokenCounter counter) {
    this.counter = counter;
    // maintenance on the caller's thread: a few map operations, and the bound holds at once
    this.counts = Caffeine.newBuilder().maximumSize(KEPT).executor(Runnable::run).build();
  }

  @Override
  public int count(String text) {
    if (text == null || text.length() > LONGEST_KEPT) {
      return counter.count(text);
    }
    Integer known = counts.getIfPresent(text);
    if (known != null) {
      return known;
    }
    // counted outside the cache's lock: two turns counting one new text at once both count it
    int count = counter.count(text);
    counts.put(text, count);
    return count;
  }

  /** How many texts are kept now. */
  long kept() {
    counts.cleanUp();
    return counts.estimatedSize();
  }

  @Override
  public boolean exact() {
    return counter.exact();
  }
}
