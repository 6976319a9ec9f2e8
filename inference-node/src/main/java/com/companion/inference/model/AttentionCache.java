package com.companion.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Where the keys and values of a forward pass come from. Training and recomputation see only the
 * tokens of the pass itself; the serving engine stores the new keys in its paged pool and returns
 * the whole visible context of every sequence as one padded batch.
 */
public interface AttentionCache {

  /**
   * Stores the keys/values of the new tokens, shaped {@code (B, T, kvHeads, headDim)}, and returns
   * the keys and values the queries attend to, shaped {@code (B, S, kvHeads, headDim)}.
   */
  NDList keysValues(int layer, NDArray keys, NDArray values, NDManager manager);

  /**
   * Additive mask {@code (B, 1, 1, T, S)}: 0 where a query may look, a large negative elsewhere.
   */
  NDArray maskBias(NDManager manager);
}
