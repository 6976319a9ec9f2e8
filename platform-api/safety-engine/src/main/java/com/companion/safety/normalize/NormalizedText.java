package com.companion.safety.normalize;

/**
 * Text after normalisation plus, for every normalised char, the span of the original text it came
 * from. Matches found on {@link #text()} are mapped back with {@link #originalStart(int)} and
 * {@link #originalEnd(int)} so that redaction hits the characters the user actually typed.
 */
public record NormalizedText(String original, String text, int[] starts, int[] ends) {

  /** Start offset (inclusive, UTF-16 index) in the original of normalised char {@code i}. */
  public int originalStart(int i) {
    return starts[i];
  }

  /** End offset (exclusive) in the original of normalised char {@code i}. */
  public int originalEnd(int i) {
    return ends[i];
  }

  /** Maps the normalised span [from, to) to an original span {start, end}. */
  public int[] originalSpan(int from, int to) {
    if (from >= to) {
      return new int[] {0, 0};
    }
    int start = Integer.MAX_VALUE;
    int end = 0;
    for (int i = from; i < to; i++) {
      start = Math.min(start, starts[i]);
      end = Math.max(end, ends[i]);
    }
    return new int[] {start, end};
  }

  public int length() {
    return text.length();
  }
}
