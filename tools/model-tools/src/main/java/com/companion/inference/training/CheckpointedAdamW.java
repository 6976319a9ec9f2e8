package com.companion.inference.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import com.companion.inference.model.Safetensors;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (decoupled weight decay) whose moment estimates can be saved and restored by parameter
 * name. DJL's own AdamW keeps its state private and keyed by per-run parameter ids, so a resumed
 * run could not continue with the same moments; this one plugs into the same Trainer.
 */
public final class CheckpointedAdamW extends Optimizer {

  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final float weightDecay;
  private final Map<String, String> idToName;
  private final Map<String, NDArray> mean = new HashMap<>();
  private final Map<String, NDArray> variance = new HashMap<>();
  private final Map<String, Safetensors.Tensor> restored = new HashMap<>();
  private int step;
  private float learningRate;
  private float gradientScale = 1f;

  public CheckpointedAdamW(Map<String, String> idToName, float weightDecay) {
    super(new Builder());
    this.idToName = idToName;
    this.beta1 = 0.9f;
    this.beta2 = 0.95f;
    this.epsilon = 1e-8f;
    this.weightDecay = weightDecay;
  }

  /** Sets the step number (1-based, for bias correction), its learning rate and clip scale. */
  public void beginStep(int step, float learningRate, float gradientScale) {
    this.step = step;
    this.learningRate = learningRate;
    this.gradientScale = gradientScale;
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    String name = idToName.getOrDefault(parameterId, parameterId);
    try (NDManager scope = weight.getManager().newSubManager()) {
      grad.attach(scope);
      NDArray m = mean.computeIfAbsent(name, n -> state(n, "m", weight));
      NDArray v = variance.computeIfAbsent(name, n -> state(n, "v", weight));
      NDArray g = grad.mul(gradientScale);
      g.attach(scope);
      m.muli(beta1).addi(tmp(g.mul(1 - beta1), scope));
      v.muli(beta2).addi(tmp(tmp(g.square(), scope).mul(1 - beta2), scope));
      double c1 = 1 - Math.pow(beta1, step);
      double c2 = 1 - Math.pow(beta2, step);
      NDArray denom = tmp(tmp(v.div((float) c2), scope).sqrt(), scope).add(epsilon);
      denom.attach(scope);
      NDArray update = tmp(tmp(m.div((float) c1), scope).div(denom), scope);
      // decay matrices only: norm gains stay at their scale
      if (weight.getShape().dimension() > 1) {
        update = tmp(update.add(tmp(weight.mul(weightDecay), scope)), scope);
      }
      weight.subi(tmp(update.mul(learningRate), scope));
    }
  }

  private static NDArray tmp(NDArray array, NDManager scope) {
    array.attach(scope);
    return array;
  }

  private NDArray state(String name, String kind, NDArray like) {
    Safetensors.Tensor saved = restored.remove(kind + "." + name);
    if (saved != null) {
      return like.getManager().create(saved.data(), like.getShape());
    }
    return like.zerosLike();
  }

  /** Moments by parameter name, for the resumable training state. */
  public Map<String, Safetensors.Tensor> exportState() {
    Map<String, Safetensors.Tensor> out = new LinkedHashMap<>();
    mean.forEach(
        (k, a) ->
            out.put("m." + k, Safetensors.Tensor.of(a.getShape().getShape(), a.toFloatArray())));
    variance.forEach(
        (k, a) ->
            out.put("v." + k, Safetensors.Tensor.of(a.getShape().getShape(), a.toFloatArray())));
    return out;
  }

  public void restoreState(Map<String, Safetensors.Tensor> state) {
    restored.putAll(state);
  }

  private static final class Builder extends OptimizerBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }
  }
}
