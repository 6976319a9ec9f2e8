package com.companion.safety.evaluation;

/**
 * Deterministic three-way split of a labelled file by a hash of the text: about 10% is held out for
 * the reported evaluation (never seen in training nor used to pick an epoch), about 10% is the
 * validation split used to pick the best epoch, the rest trains. Hashing the text (not the row
 * number) keeps duplicates on one side.
 */
public enum Holdout {
  TRAIN,
  VALIDATION,
  TEST;

  public static Holdout of(String text) {
    int h = text.strip().hashCode();
    int bucket = Math.floorMod(h * 0x9E3779B1, 100);
    if (bucket < 10) {
      return TEST;
    }
    return bucket < 20 ? VALIDATION : TRAIN;
  }
}
