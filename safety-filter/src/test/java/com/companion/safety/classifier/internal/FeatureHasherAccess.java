package com.companion.safety.classifier.internal;

import java.util.regex.Pattern;

/** Opens {@link FeatureHasher}'s noise pattern and its prefilter to tests in other packages. */
public final class FeatureHasherAccess {

  private FeatureHasherAccess() {}

  public static Pattern noise() {
    return FeatureHasher.NOISE;
  }

  public static boolean mayHoldNoise(String raw) {
    return FeatureHasher.mayHoldNoise(raw);
  }
}
