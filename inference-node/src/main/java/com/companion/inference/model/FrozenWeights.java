package com.companion.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.HashMap;
import java.util.Map;

/**
 * Serving view of a model: every product operand transposed once into a contiguous array (and q, k,
 * v fused), so a decode step spends its time multiplying rather than re-laying out weights.
 */
public final class FrozenWeights implements Weights, AutoCloseable {

  private final MixtralModel model;
  private final Map<String, NDArray> cache = new HashMap<>();

  public FrozenWeights(MixtralModel model) {
    this.model = model;
  }

  private NDArray raw(String name) {
    return model.parameter(name).getArray();
  }

  private NDArray transposed(String name) {
    return cache.computeIfAbsent(name, n -> raw(n).transpose().duplicate());
  }

  @Override
  public NDArray embed() {
    return raw(TensorNames.EMBED);
  }

  @Override
  public NDArray qkvT(int l) {
    return cache.computeIfAbsent(
        TensorNames.attention(l, "qkv"),
        n ->
            NDArrays.concat(
                    new NDList(
                        raw(TensorNames.attention(l, "q")),
                        raw(TensorNames.attention(l, "k")),
                        raw(TensorNames.attention(l, "v"))),
                    0)
                .transpose()
                .duplicate());
  }

  @Override
  public NDArray oT(int l) {
    return transposed(TensorNames.attention(l, "o"));
  }

  @Override
  public NDArray inputNorm(int l) {
    return raw(TensorNames.inputNorm(l));
  }

  @Override
  public NDArray postNorm(int l) {
    return raw(TensorNames.postNorm(l));
  }

  @Override
  public NDArray finalNorm() {
    return raw(TensorNames.FINAL_NORM);
  }

  @Override
  public NDArray gateT(int l) {
    return transposed(TensorNames.router(l));
  }

  @Override
  public NDArray w1T(int l, int e) {
    return transposed(TensorNames.expert(l, e, "w1"));
  }

  @Override
  public NDArray w3T(int l, int e) {
    return transposed(TensorNames.expert(l, e, "w3"));
  }

  @Override
  public NDArray w2T(int l, int e) {
    return transposed(TensorNames.expert(l, e, "w2"));
  }

  private NDArray stacked(int l, String w) {
    String key = "stacked:" + l + ":" + w;
    NDArray cached = cache.get(key);
    if (cached == null) {
      // built outside computeIfAbsent: the parts are themselves cached entries
      NDList parts = new NDList();
      for (int e = 0; e < model.config().numLocalExperts(); e++) {
        parts.add(transposed(TensorNames.expert(l, e, w)));
      }
      cached = NDArrays.stack(parts, 0);
      cache.put(key, cached);
    }
    return cached;
  }

  @Override
  public NDArray stackedW1T(int l) {
    return stacked(l, "w1");
  }

  @Override
  public NDArray stackedW3T(int l) {
    return stacked(l, "w3");
  }

  @Override
  public NDArray stackedW2T(int l) {
    return stacked(l, "w2");
  }

  @Override
  public NDArray sharedW1T(int l) {
    return transposed(TensorNames.sharedExpert(l, "w1"));
  }

  @Override
  public NDArray sharedW3T(int l) {
    return transposed(TensorNames.sharedExpert(l, "w3"));
  }

  @Override
  public NDArray sharedW2T(int l) {
    return transposed(TensorNames.sharedExpert(l, "w2"));
  }

  @Override
  public NDArray lmHeadT() {
    return transposed(TensorNames.outputHead(model.config()));
  }

  /** Frees the derived arrays; the model's own parameters stay. */
  @Override
  public void close() {
    cache.values().forEach(NDArray::close);
    cache.clear();
  }

  /** Builds every cached operand now rather than on the first request. */
  public FrozenWeights materialize() {
    ModelConfig c = model.config();
    for (int l = 0; l < c.numHiddenLayers(); l++) {
      qkvT(l);
      oT(l);
      if (c.numLocalExperts() > 0) {
        gateT(l);
      }
      for (int e = 0; e < c.numLocalExperts(); e++) {
        w1T(l, e);
        w2T(l, e);
        w3T(l, e);
      }
      if (c.numLocalExperts() > 0) {
        stackedW1T(l);
        stackedW2T(l);
        stackedW3T(l);
      }
      if (c.sharedExpertSize() > 0) {
        sharedW1T(l);
        sharedW2T(l);
        sharedW3T(l);
      }
    }
    lmHeadT();
    return this;
  }
}
