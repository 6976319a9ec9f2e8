package com.companion.inference.model;

import ai.djl.ndarray.NDArray;

/**
 * The arrays one forward pass reads, already laid out for {@code x.matMul(w)} (transposed from the
 * checkpoint's {@code (out, in)} layout). Serving caches them once; training derives them from the
 * trainable parameters on every step so gradients flow back to the stored tensors.
 */
public interface Weights {
  NDArray embed();

  /** q, k and v projections side by side: one product instead of three. */
  NDArray qkvT(int layer);

  NDArray oT(int layer);

  NDArray inputNorm(int layer);

  NDArray postNorm(int layer);

  NDArray finalNorm();

  NDArray gateT(int layer);

  NDArray w1T(int layer, int expert);

  NDArray w3T(int layer, int expert);

  NDArray w2T(int layer, int expert);

  /** All experts' w1 of a layer stacked, {@code (experts, hidden, intermediate)}. */
  NDArray stackedW1T(int layer);

  NDArray stackedW3T(int layer);

  /** {@code (experts, intermediate, hidden)}. */
  NDArray stackedW2T(int layer);

  /** {@code null} when the config has no shared expert. */
  NDArray sharedW1T(int layer);

  NDArray sharedW3T(int layer);

  NDArray sharedW2T(int layer);

  NDArray lmHeadT();
}
