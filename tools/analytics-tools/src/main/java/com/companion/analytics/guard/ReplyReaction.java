package com.companion.analytics.guard;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * How a simulated user of the live guard bench reacts to a reply: only from what can be measured in
 * the reply's text (how much of it repeats itself, how long it is), never from which version wrote
 * it. An annoying reply is regenerated more often, rated lower and more often ends the
 * conversation; a fine one mostly is not.
 *
 * @param regenerate ask for another reply (a swipe)
 * @param stars a rating of 1..4 stars, or 0 for none
 * @param leave stop the conversation after this reply
 */
public record ReplyReaction(boolean regenerate, int stars, boolean leave) {

  /** Replies shorter than this many words read as curt. */
  static final int CURT_WORDS = 6;

  /** The share of replies a user rates. */
  static final double RATED_SHARE = 0.3;

  /**
   * What is measured in one reply.
   *
   * @param words its words (letters and apostrophes, case folded)
   * @param repetition the share of its word pairs that already occurred earlier in the reply: 0 for
   *     a reply that never repeats itself, near 1 for one caught in a loop
   */
  public record Measured(int words, double repetition) {

    /** 0 (fine) .. 1 (as bad as it gets): loops weigh most, a curt reply adds up to a half. */
    public double annoyance() {
      double curt = words >= CURT_WORDS ? 0 : 0.5 * (CURT_WORDS - words) / CURT_WORDS;
      return Math.min(1, 1.5 * repetition + curt);
    }
  }

  public static Measured measure(String reply) {
    List<String> words = new ArrayList<>();
    for (String word : reply.toLowerCase(Locale.ROOT).split("[^\\p{L}']+")) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    int pairs = words.size() - 1;
    if (pairs < 1) {
      return new Measured(words.size(), 0);
    }
    Set<String> seen = new HashSet<>();
    int repeated = 0;
    for (int i = 0; i < pairs; i++) {
      if (!seen.add(words.get(i) + ' ' + words.get(i + 1))) {
        repeated++;
      }
    }
    return new Measured(words.size(), (double) repeated / pairs);
  }

  /**
   * One user's reaction to one reply. The chances rise with the reply's annoyance {@code a}:
   * regenerate {@code 0.05 + 0.6a}, leave {@code 0.05 + 0.4a}; a rated reply (30% are) gets {@code
   * 4 − round(3a)} stars, one fewer with a chance of 0.2.
   */
  public static ReplyReaction to(String reply, SplittableRandom random) {
    double a = measure(reply).annoyance();
    boolean regenerate = random.nextDouble() < 0.05 + 0.6 * a;
    int stars = 0;
    if (random.nextDouble() < RATED_SHARE) {
      stars = (int) (4 - Math.round(3 * a) - (random.nextDouble() < 0.2 ? 1 : 0));
      stars = Math.max(1, Math.min(4, stars));
    }
    boolean leave = random.nextDouble() < 0.05 + 0.4 * a;
    return new ReplyReaction(regenerate, stars, leave);
  }
}
