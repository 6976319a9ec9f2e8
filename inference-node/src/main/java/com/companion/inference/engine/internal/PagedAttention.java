package com.companion.inference.engine.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import com.companion.inference.model.AttentionCache;

/**
 * Attention over the paged pool for one batch of rows of different lengths. New keys/values are
 * written to their slots, then the visible context of every row is gathered into one padded {@code
 * (B, S, kvHeads, headDim)} batch with a mask: one product per layer for the whole batch, never a
 * loop over sequences.
 */
final class PagedAttention implements AttentionCache {

  private static final float MASKED = -1e9f;

  private final KvBlockPool pool;
  private final long[] writeSlots;
  private final long[] readSlots;
  private final float[] mask;
  private final int rows;
  private final int width;
  private final int span;
  private final boolean fullyVisible;
  private NDArray writeIndex;
  private NDArray readIndex;

  /**
   * @param tables block table of each row
   * @param starts tokens already in the cache for each row (position of its first new token)
   * @param counts new tokens of each row (at most {@code width})
   */
  PagedAttention(KvBlockPool pool, int[][] tables, int[] starts, int[] counts, int width) {
    this.pool = pool;
    this.rows = starts.length;
    this.width = width;
    int bs = pool.blockSize();
    int s = 1;
    for (int r = 0; r < rows; r++) {
      s = Math.max(s, starts[r] + counts[r]);
    }
    this.span = s;
    writeSlots = new long[rows * width];
    readSlots = new long[rows * span];
    mask = new float[rows * width * span];
    java.util.Arrays.fill(mask, MASKED);
    // one new token per row and rows of equal length (a lone decoding sequence): nothing to mask
    boolean visible = width == 1;
    for (int r = 0; r < rows; r++) {
      visible &= counts[r] == 1 && starts[r] + 1 == span;
    }
    this.fullyVisible = visible;
    for (int r = 0; r < rows; r++) {
      int[] table = tables[r];
      int total = starts[r] + counts[r];
      for (int j = 0; j < counts[r]; j++) {
        int pos = starts[r] + j;
        writeSlots[r * width + j] = (long) table[pos / bs] * bs + pos % bs;
      }
      for (int p = 0; p < total; p++) {
        readSlots[r * span + p] = (long) table[p / bs] * bs + p % bs;
      }
      for (int j = 0; j < width; j++) {
        int visibleTo = j < counts[r] ? starts[r] + j : 0;
        int base = (r * width + j) * span;
        for (int p = 0; p <= visibleTo; p++) {
          mask[base + p] = 0f;
        }
      }
    }
  }

  @Override
  public NDList keysValues(int layer, NDArray keys, NDArray values, NDManager manager) {
    if (writeIndex == null) {
      writeIndex = manager.create(writeSlots);
      readIndex = manager.create(readSlots, new Shape(rows, span));
    }
    long kvh = keys.getShape().get(2);
    long hd = keys.getShape().get(3);
    NDIndex write = new NDIndex("{}", writeIndex);
    pool.keys(layer).set(write, keys.reshape((long) rows * width, kvh, hd));
    pool.values(layer).set(write, values.reshape((long) rows * width, kvh, hd));
    NDIndex read = new NDIndex("{}", readIndex);
    return new NDList(pool.keys(layer).get(manager, read), pool.values(layer).get(manager, read));
  }

  @Override
  public NDArray maskBias(NDManager manager) {
    if (fullyVisible) {
      return null;
    }
    return manager.create(mask, new Shape(rows, 1, 1, width, span));
  }
}
