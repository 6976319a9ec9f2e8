package com.companion.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * No cache: each sequence of a padded batch attends causally to its own tokens only. Used by
 * training and by recomputation (the reference the cached path is tested against).
 */
public final class CausalAttention implements AttentionCache {

  private static final float MASKED = -1e9f;
  private final int[] lengths;
  private final int width;

  /**
   * @param lengths real length of each row; the rest of each row is padding
   * @param width the padded length T
   */
  public CausalAttention(int[] lengths, int width) {
    this.lengths = lengths;
    this.width = width;
  }

  @Override
  public NDList keysValues(int layer, NDArray keys, NDArray values, NDManager manager) {
    return new NDList(keys, values);
  }

  @Override
  public NDArray maskBias(NDManager manager) {
    int b = lengths.length;
    float[] mask = new float[b * width * width];
    for (int r = 0; r < b; r++) {
      for (int i = 0; i < width; i++) {
        for (int j = 0; j < width; j++) {
          boolean visible = j <= i && j < lengths[r];
          mask[(r * width + i) * width + j] = visible ? 0f : MASKED;
        }
      }
    }
    return manager.create(mask, new Shape(b, 1, 1, width, width));
  }
}
