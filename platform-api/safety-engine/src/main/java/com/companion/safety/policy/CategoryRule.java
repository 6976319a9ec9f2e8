package com.companion.safety.policy;

/**
 * How one category is handled. A score at or above {@code blockAt} blocks, at or above {@code
 * reviewAt} flags for review; {@code null} disables that step. With {@code redact}, lexicon and
 * personal-data spans of the category are masked instead of blocking, and the redacted text is
 * judged again.
 */
public record CategoryRule(Double blockAt, Double reviewAt, boolean redact) {

  public static CategoryRule block(double blockAt, double reviewAt) {
    return new CategoryRule(blockAt, reviewAt, false);
  }

  public static CategoryRule redact(Double blockAt, Double reviewAt) {
    return new CategoryRule(blockAt, reviewAt, true);
  }

  public static CategoryRule review(double reviewAt) {
    return new CategoryRule(null, reviewAt, false);
  }

  void validate(String category) {
    check(blockAt, category);
    check(reviewAt, category);
  }

  private static void check(Double v, String category) {
    if (v != null && (v.isNaN() || v < 0 || v > 1)) {
      throw new IllegalArgumentException(category + ": thresholds lie in [0, 1]");
    }
  }
}
