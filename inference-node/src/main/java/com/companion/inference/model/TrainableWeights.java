package com.companion.inference.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

/**
 * Training view: reads every parameter through the trainer's {@link ParameterStore} (which is how
 * the optimizer learns which arrays to update) and lays them out anew each step, inside the
 * gradient recording, so gradients reach the stored tensors.
 */
public final class TrainableWeights implements Weights {

  private final MixtralModel model;
  private final ParameterStore store;
  private final Device device;
  private final NDManager scope;

  /** Derived arrays (transposes, concatenations) are attached to {@code scope}, closed per step. */
  public TrainableWeights(
      MixtralModel model, ParameterStore store, Device device, NDManager scope) {
    this.model = model;
    this.store = store;
    this.device = device;
    this.scope = scope;
  }

  private NDArray derived(NDArray array) {
    array.attach(scope);
    return array;
  }

  private NDArray p(String name) {
    return store.getValue(model.parameter(name), device, true);
  }

  @Override
  public NDArray embed() {
    return p(TensorNames.EMBED);
  }

  @Override
  public NDArray qkvT(int l) {
    NDArray qkv =
        derived(
            NDArrays.concat(
                new NDList(
                    p(TensorNames.attention(l, "q")),
                    p(TensorNames.attention(l, "k")),
                    p(TensorNames.attention(l, "v"))),
                0));
    return derived(qkv.transpose());
  }

  @Override
  public NDArray oT(int l) {
    return derived(p(TensorNames.attention(l, "o")).transpose());
  }

  @Override
  public NDArray inputNorm(int l) {
    return p(TensorNames.inputNorm(l));
  }

  @Override
  public NDArray postNorm(int l) {
    return p(TensorNames.postNorm(l));
  }

  @Override
  public NDArray finalNorm() {
    return p(TensorNames.FINAL_NORM);
  }

  @Override
  public NDArray gateT(int l) {
    return derived(p(TensorNames.router(l)).transpose());
  }

  @Override
  public NDArray w1T(int l, int e) {
    return derived(p(TensorNames.expert(l, e, "w1")).transpose());
  }

  @Override
  public NDArray w3T(int l, int e) {
    return derived(p(TensorNames.expert(l, e, "w3")).transpose());
  }

  @Override
  public NDArray w2T(int l, int e) {
    return derived(p(TensorNames.expert(l, e, "w2")).transpose());
  }

  private NDArray stacked(int l, String w) {
    NDList parts = new NDList();
    for (int e = 0; e < model.config().numLocalExperts(); e++) {
      parts.add(derived(p(TensorNames.expert(l, e, w)).transpose()));
    }
    return derived(NDArrays.stack(parts, 0));
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
    return derived(p(TensorNames.sharedExpert(l, "w1")).transpose());
  }

  @Override
  public NDArray sharedW3T(int l) {
    return derived(p(TensorNames.sharedExpert(l, "w3")).transpose());
  }

  @Override
  public NDArray sharedW2T(int l) {
    return derived(p(TensorNames.sharedExpert(l, "w2")).transpose());
  }

  @Override
  public NDArray lmHeadT() {
    return derived(p(TensorNames.outputHead(model.config())).transpose());
  }
}
