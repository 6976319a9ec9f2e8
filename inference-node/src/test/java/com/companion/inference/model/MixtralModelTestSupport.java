package com.companion.inference.model;

import ai.djl.ndarray.NDManager;

/** Recomputed logits of every position, the reference for cached paths. */
public final class MixtralModelTestSupport {
  private MixtralModelTestSupport() {}

  public static float[] logits(MixtralModel model, NDManager manager, long[] tokens) {
    return MixtralModelTest.logits(model, manager, tokens);
  }
}
