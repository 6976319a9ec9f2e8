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

  private static String layer(int l) {
    return "model.layers." + l + ".";
  }

  @Override
  public NDArray embed() {
    return p("model.embed_tokens.weight");
  }

  @Override
  public NDArray qkvT(int l) {
    String s = layer(l) + "self_attn.";
    NDArray qkv =
        derived(
            NDArrays.concat(
                new NDList(p(s + "q_proj.weight"), p(s + "k_proj.weight"), p(s + "v_proj.weight")),
                0));
    return derived(qkv.transpose());
  }

  @Override
  public NDArray oT(int l) {
    return derived(p(layer(l) + "self_attn.o_proj.weight").transpose());
  }

  @Override
  public NDArray inputNorm(int l) {
    return p(layer(l) + "input_layernorm.weight");
  }

  @Override
  public NDArray postNorm(int l) {
    return p(layer(l) + "post_attention_layernorm.weight");
  }

  @Override
  public NDArray finalNorm() {
    return p("model.norm.weight");
  }

  @Override
  public NDArray gateT(int l) {
    return derived(p(layer(l) + "block_sparse_moe.gate.weight").transpose());
  }

  @Override
  public NDArray w1T(int l, int e) {
    return derived(p(layer(l) + "block_sparse_moe.experts." + e + ".w1.weight").transpose());
  }

  @Override
  public NDArray w3T(int l, int e) {
    return derived(p(layer(l) + "block_sparse_moe.experts." + e + ".w3.weight").transpose());
  }

  @Override
  public NDArray w2T(int l, int e) {
    return derived(p(layer(l) + "block_sparse_moe.experts." + e + ".w2.weight").transpose());
  }

  private NDArray stacked(int l, String w) {
    NDList parts = new NDList();
    for (int e = 0; e < model.config().numLocalExperts(); e++) {
      parts.add(
          derived(p(layer(l) + "block_sparse_moe.experts." + e + "." + w + ".weight").transpose()));
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
    return derived(p(layer(l) + "block_sparse_moe.shared_expert.w1.weight").transpose());
  }

  @Override
  public NDArray sharedW3T(int l) {
    return derived(p(layer(l) + "block_sparse_moe.shared_expert.w3.weight").transpose());
  }

  @Override
  public NDArray sharedW2T(int l) {
    return derived(p(layer(l) + "block_sparse_moe.shared_expert.w2.weight").transpose());
  }

  @Override
  public NDArray lmHeadT() {
    return derived(
        p(model.config().tieWordEmbeddings() ? "model.embed_tokens.weight" : "lm_head.weight")
            .transpose());
  }
}
