package com.companion.safety.classifier.internal;

import java.util.regex.Pattern;

/**
 * Turns canonical (normalised) text into hashed feature ids, the same way at training and at
 * inference. Features: a language marker (so each language learns its own prior), each token (a CJK
 * character, a Latin/digit word or a symbol), token bigrams and trigrams, and the char 3- and
 * 4-grams of every word of three letters or more so that unseen inflections and typos still share
 * features with known words.
 */
public final class FeatureHasher {

  static final Pattern NOISE =
      Pattern.compile(
          "https?://\\S+|www\\.\\S+|@[\\w_]+|&#?\\w+;|\\brt\\b", Pattern.CASE_INSENSITIVE);
  private static final int MAX_FEATURES = 512;

  private final int buckets;

  public FeatureHasher(int buckets) {
    this.buckets = buckets;
  }

  public int buckets() {
    return buckets;
  }

  /** Strips URLs, mentions, HTML entities and retweet markers before normalisation. */
  public static String stripNoise(String raw) {
    // the pattern is a scan of the whole text, and a streamed reply is checked whole at every
    // chunk: it runs only where the text holds what one of its matches needs
    return mayHoldNoise(raw) ? NOISE.matcher(raw).replaceAll(" ") : raw;
  }

  /**
   * False only when {@link #NOISE} cannot match: no {@code @} or {@code &}, no {@code ://}, no
   * {@code www.} and no {@code rt} (any case) that starts a word.
   */
  static boolean mayHoldNoise(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '@' || c == '&') {
        return true;
      }
      if (c == ':' && raw.startsWith("//", i + 1)) {
        return true;
      }
      if (c == '.' && i >= 3 && raw.regionMatches(true, i - 3, "www", 0, 3)) {
        return true;
      }
      if ((c == 'r' || c == 'R')
          && i + 1 < raw.length()
          && (raw.charAt(i + 1) == 't' || raw.charAt(i + 1) == 'T')
          && (i == 0 || !isBoundaryWordChar(raw.charAt(i - 1)))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A char after which {@code \b} sees no boundary before a letter: since JDK 19 {@code \b} reads
   * words as {@code \w} does, ASCII only ("éRT" has one). A combining mark can join a word too; it
   * is not counted here, which only makes the pattern run where it finds nothing.
   */
  private static boolean isBoundaryWordChar(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /**
   * Writes feature ids of {@code text} into {@code out} and returns how many were written (at most
   * {@code out.length}).
   */
  public int features(String text, int[] out) {
    int n = 0;
    int len = text.length();
    // token boundaries
    int[] tokStart = new int[len + 1];
    int[] tokEnd = new int[len + 1];
    long[] tokHash = new long[len + 1];
    int tokens = 0;
    boolean cjk = false;
    for (int i = 0; i < len; ) {
      char ch = text.charAt(i);
      if (ch == ' ') {
        i++;
        continue;
      }
      int j = i + 1;
      if (isWordChar(ch)) {
        while (j < len && isWordChar(text.charAt(j))) {
          j++;
        }
      } else {
        if (Character.isHighSurrogate(ch) && j < len) {
          j++;
        }
        if (Character.isLetter(ch)) {
          cjk = true;
        }
      }
      tokStart[tokens] = i;
      tokEnd[tokens] = j;
      tokHash[tokens] = hash(text, i, j, 0x9E3779B97F4A7C15L);
      tokens++;
      i = j;
    }
    if (n < out.length) {
      out[n++] = bucket(cjk ? 0x51L : 0x52L);
    }
    n = crossWordGrams(text, tokStart, tokEnd, tokens, out, n);
    for (int t = 0; t < tokens && n < out.length; t++) {
      long h = tokHash[t];
      out[n++] = bucket(h);
      if (t + 1 < tokens && n < out.length) {
        out[n++] = bucket(mix(h, tokHash[t + 1], 2));
      }
      if (t + 2 < tokens && n < out.length) {
        out[n++] = bucket(mix(mix(h, tokHash[t + 1], 3), tokHash[t + 2], 3));
      }
      int wl = tokEnd[t] - tokStart[t];
      if (wl >= 3 && isWordChar(text.charAt(tokStart[t]))) {
        // char n-grams of "<word>" with boundary marks folded into the hash seed
        for (int g = 3; g <= 4; g++) {
          for (int s = tokStart[t] - 1; s + g <= tokEnd[t] + 1 && n < out.length; s++) {
            int a = Math.max(s, tokStart[t]);
            int b = Math.min(s + g, tokEnd[t]);
            long seed = 0xC2B2AE3D27D4EB4FL + g * 31L + (s < tokStart[t] ? 7 : 0);
            long hh = hash(text, a, b, seed);
            if (s + g > tokEnd[t]) {
              hh = mix(hh, 0xABCDL, 5);
            }
            out[n++] = bucket(hh);
          }
        }
      }
    }
    return n;
  }

  /**
   * Char 3- and 4-grams that span the gap between two adjacent Latin words, hashed exactly like the
   * inner n-grams of one word: "bi tch" then shares "bit", "itc", "bitc" with "bitch", so a space
   * slipped into a word costs the model little.
   */
  private int crossWordGrams(
      String text, int[] tokStart, int[] tokEnd, int tokens, int[] out, int n) {
    for (int t = 0; t + 1 < tokens && n < out.length; t++) {
      if (!isLatinToken(text, tokStart[t], tokEnd[t])
          || !isLatinToken(text, tokStart[t + 1], tokEnd[t + 1])) {
        continue;
      }
      // the joint: up to 3 chars before the gap and 3 after
      int leftFrom = Math.max(tokStart[t], tokEnd[t] - 3);
      int rightTo = Math.min(tokEnd[t + 1], tokStart[t + 1] + 3);
      StringBuilder joint = new StringBuilder(6);
      joint.append(text, leftFrom, tokEnd[t]).append(text, tokStart[t + 1], rightTo);
      int gap = tokEnd[t] - leftFrom;
      String j = joint.toString();
      for (int g = 3; g <= 4; g++) {
        for (int a = 0; a + g <= j.length() && n < out.length; a++) {
          if (a < gap && a + g > gap) {
            out[n++] = bucket(hash(j, a, a + g, 0xC2B2AE3D27D4EB4FL + g * 31L));
          }
        }
      }
    }
    return n;
  }

  private static boolean isLatinToken(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < 'a' || c > 'z') {
        return false;
      }
    }
    return to > from;
  }

  public static int maxFeatures() {
    return MAX_FEATURES;
  }

  private static boolean isWordChar(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || (ch >= 0xC0 && ch < 0x2E80);
  }

  private int bucket(long h) {
    return (int) Long.remainderUnsigned(h ^ (h >>> 29), buckets);
  }

  private static long hash(String s, int from, int to, long seed) {
    long h = seed ^ 0xCBF29CE484222325L;
    for (int i = from; i < to; i++) {
      h ^= s.charAt(i);
      h *= 0x100000001B3L;
    }
    return h ^ (h >>> 31);
  }

  private static long mix(long a, long b, int salt) {
    long h = a * 0x9E3779B97F4A7C15L + b + salt;
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    return h;
  }
}
