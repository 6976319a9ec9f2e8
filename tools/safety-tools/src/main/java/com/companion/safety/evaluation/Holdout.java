package com.companion.safety.evaluation;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Deterministic three-way split of a labelled file by a hash of the text: about 10% is held out for
 * the reported evaluation (never seen in training nor used to pick an epoch), about 10% is the
 * validation split used to pick the best epoch, the rest trains. Hashing the text (not the row
 * number) keeps duplicates on one side; the text is first folded (NFKC, lower case, runs of
 * whitespace as one space) so that copies differing only in width, case or spacing, which the
 * datasets hold many of, cannot land on both sides of the split.
 */
public enum Holdout {
  TRAIN,
  VALIDATION,
  TEST;

  public static Holdout of(String text) {
    int h = fold(text).hashCode();
    int bucket = Math.floorMod(h * 0x9E3779B1, 100);
    if (bucket < 10) {
      return TEST;
    }
    return bucket < 20 ? VALIDATION : TRAIN;
  }

  static String fold(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKC)
        .toLowerCase(Locale.ROOT)
        .replaceAll("\\s+", " ")
        .strip();
  }
}
