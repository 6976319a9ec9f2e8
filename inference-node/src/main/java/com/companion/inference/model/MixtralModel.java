package com.companion.inference.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A Mixtral-style decoder as one DJL block: token embedding, then per layer RMSNorm, rotary
 * grouped-query attention, RMSNorm and a sparse mixture of SwiGLU experts (top-k routing with a
 * softmax over the selected router logits, optional always-on shared expert), a final RMSNorm and
 * the language-model head. Parameters carry the Hugging Face Mixtral tensor names.
 *
 * <p>The forward pass is written against {@link Weights} and {@link AttentionCache} so that the
 * same arithmetic serves training (full causal sequences), recomputation and cached decoding.
 */
public final class MixtralModel extends AbstractBlock {

  /** Up to this many routed (token, slot) pairs, experts run as one batched product. */
  private static final int BATCHED_EXPERT_SLOTS = 256;

  private final ModelConfig config;
  private float[] ropeCos;
  private float[] ropeSin;
  private NDArray cosTable;
  private NDArray sinTable;
  private NDArray rotateHalf;

  public MixtralModel(ModelConfig config) {
    this.config = config;
    for (String name : parameterNames(config)) {
      addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build());
    }
    buildRopeTables();
  }

  public ModelConfig config() {
    return config;
  }

  /** Tensor names in checkpoint order, exactly as Hugging Face's MixtralForCausalLM names them. */
  public static List<String> parameterNames(ModelConfig c) {
    List<String> names = new ArrayList<>();
    names.add(TensorNames.EMBED);
    for (int l = 0; l < c.numHiddenLayers(); l++) {
      names.add(TensorNames.inputNorm(l));
      for (String projection : List.of("q", "k", "v", "o")) {
        names.add(TensorNames.attention(l, projection));
      }
      names.add(TensorNames.postNorm(l));
      if (c.numLocalExperts() > 0) {
        names.add(TensorNames.router(l));
      }
      for (int e = 0; e < c.numLocalExperts(); e++) {
        for (String w : List.of("w1", "w2", "w3")) {
          names.add(TensorNames.expert(l, e, w));
        }
      }
      if (c.sharedExpertSize() > 0) {
        for (String w : List.of("w1", "w2", "w3")) {
          names.add(TensorNames.sharedExpert(l, w));
        }
      }
    }
    names.add(TensorNames.FINAL_NORM);
    if (!c.tieWordEmbeddings()) {
      names.add(TensorNames.LM_HEAD);
    }
    return names;
  }

  /** Shape of a named tensor in the checkpoint's {@code (out, in)} layout. */
  public static long[] shapeOf(ModelConfig c, String name) {
    long d = c.hiddenSize();
    long hd = c.headDim();
    if (name.endsWith("layernorm.weight") || name.equals(TensorNames.FINAL_NORM)) {
      return new long[] {d};
    }
    if (name.equals(TensorNames.EMBED) || name.equals(TensorNames.LM_HEAD)) {
      return new long[] {c.vocabSize(), d};
    }
    if (name.endsWith("q_proj.weight")) {
      return new long[] {c.numAttentionHeads() * hd, d};
    }
    if (name.endsWith("k_proj.weight") || name.endsWith("v_proj.weight")) {
      return new long[] {c.numKeyValueHeads() * hd, d};
    }
    if (name.endsWith("o_proj.weight")) {
      return new long[] {d, c.numAttentionHeads() * hd};
    }
    if (name.endsWith("gate.weight")) {
      return new long[] {c.numLocalExperts(), d};
    }
    long inner = name.contains("shared_expert") ? c.sharedExpertSize() : c.intermediateSize();
    if (name.endsWith("w2.weight")) {
      return new long[] {d, inner};
    }
    return new long[] {inner, d};
  }

  public Parameter parameter(String name) {
    Parameter p = parameters.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return p;
  }

  public Map<String, Parameter> parameterMap() {
    return parameters;
  }

  /**
   * Fills every parameter from a seeded Java generator, so a seed gives the same model whatever the
   * engine: N(0, 0.02), output projections scaled down by depth, norms at one.
   */
  public void initializeRandom(NDManager manager, long seed) {
    initializeRandom(manager, seed, 0.02);
  }

  /** As {@link #initializeRandom(NDManager, long)} with another base standard deviation. */
  public void initializeRandom(NDManager manager, long seed, double baseStd) {
    Random random = new Random(seed);
    double residualScale = 1.0 / Math.sqrt(2.0 * Math.max(1, config.numHiddenLayers()));
    Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
    for (String name : parameterNames(config)) {
      long[] shape = shapeOf(config, name);
      float[] data = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
      if (shape.length == 1) {
        Arrays.fill(data, 1f);
      } else {
        double std = baseStd;
        if (name.endsWith("o_proj.weight") || name.endsWith("w2.weight")) {
          std *= residualScale;
        }
        for (int i = 0; i < data.length; i++) {
          data[i] = (float) (random.nextGaussian() * std);
        }
      }
      tensors.put(name, Safetensors.Tensor.of(shape, data));
    }
    load(manager, tensors);
  }

  /** Sets every parameter from checkpoint tensors (already widened to fp32). */
  public void load(NDManager manager, Map<String, Safetensors.Tensor> tensors) {
    for (String name : parameterNames(config)) {
      Safetensors.Tensor t = tensors.get(name);
      if (t == null) {
        throw new IllegalArgumentException("checkpoint lacks tensor " + name);
      }
      long[] expected = shapeOf(config, name);
      if (!Arrays.equals(expected, t.shape())) {
        throw new IllegalArgumentException(
            name
                + " has shape "
                + Arrays.toString(t.shape())
                + ", config needs "
                + Arrays.toString(expected));
      }
      Parameter p = parameters.get(name);
      NDArray array = manager.create(t.data(), new Shape(t.shape()));
      array.setName(name);
      if (p.isInitialized()) {
        p.getArray().close();
      }
      p.setArray(array);
    }
  }

  /** The current weights as checkpoint tensors, in checkpoint order. */
  public Map<String, Safetensors.Tensor> export() {
    Map<String, Safetensors.Tensor> out = new LinkedHashMap<>();
    for (String name : parameterNames(config)) {
      NDArray a = parameters.get(name).getArray();
      out.put(name, Safetensors.Tensor.of(a.getShape().getShape(), a.toFloatArray()));
    }
    return out;
  }

  private void buildRopeTables() {
    int hd = config.headDim();
    int half = hd / 2;
    int maxPos = config.maxPositionEmbeddings();
    ropeCos = new float[maxPos * hd];
    ropeSin = new float[maxPos * hd];
    float[] invFreq = new float[half];
    for (int i = 0; i < half; i++) {
      // fp32 arithmetic, as transformers computes the inverse frequencies
      invFreq[i] = (float) (1.0 / Math.pow(config.ropeTheta(), (2.0 * i) / hd));
    }
    for (int pos = 0; pos < maxPos; pos++) {
      for (int i = 0; i < half; i++) {
        float angle = (float) pos * invFreq[i];
        float c = (float) Math.cos(angle);
        float s = (float) Math.sin(angle);
        ropeCos[pos * hd + i] = c;
        ropeCos[pos * hd + i + half] = c;
        ropeSin[pos * hd + i] = s;
        ropeSin[pos * hd + i + half] = s;
      }
    }
  }

  /** Creates the position tables on the manager that owns the weights. */
  public void prepare(NDManager manager) {
    int hd = config.headDim();
    int maxPos = config.maxPositionEmbeddings();
    cosTable = manager.create(ropeCos, new Shape(maxPos, hd));
    sinTable = manager.create(ropeSin, new Shape(maxPos, hd));
    // rotate_half(x) = x @ R: (x1, x2) -> (-x2, x1), one product instead of slice/negate/concat
    float[] r = new float[hd * hd];
    int half = hd / 2;
    for (int j = 0; j < half; j++) {
      r[(j + half) * hd + j] = -1f;
      r[j * hd + j + half] = 1f;
    }
    rotateHalf = manager.create(r, new Shape(hd, hd));
  }

  /**
   * Runs the decoder over {@code tokens} {@code (B, T)} at {@code positions} {@code (B, T)} and
   * returns the final-normed hidden states {@code (B, T, hidden)}.
   *
   * @param validTokens per flattened token, whether it is real (padding skips the experts); null
   *     when all are real
   * @param auxLoss when non-null, receives the load-balancing loss of each layer
   */
  public NDArray hidden(
      Weights w,
      NDArray tokens,
      NDArray positions,
      AttentionCache cache,
      boolean[] validTokens,
      RoutingObserver observer,
      List<NDArray> auxLoss,
      NDManager m) {
    if (cosTable == null) {
      throw new IllegalStateException("prepare(manager) was not called");
    }
    long b = tokens.getShape().get(0);
    long t = tokens.getShape().get(1);
    int d = config.hiddenSize();
    int hd = config.headDim();
    int nh = config.numAttentionHeads();
    int kvh = config.numKeyValueHeads();
    NDArray flatTokens = tokens.reshape(-1);
    NDArray flatPos = positions.reshape(-1);
    NDArray x = w.embed().get(m, new NDIndex("{}", flatTokens)).reshape(b, t, d);
    NDArray cos = cosTable.get(m, new NDIndex("{}", flatPos)).reshape(b, t, 1, hd);
    NDArray sin = sinTable.get(m, new NDIndex("{}", flatPos)).reshape(b, t, 1, hd);
    NDArray mask = cache.maskBias(m);
    float eps = (float) config.rmsNormEps();
    for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
      NDArray h = rmsNorm(x, w.inputNorm(layer), eps);
      NDArray qkv = h.matMul(w.qkvT(layer));
      // rotary embedding on q and k together: one set of ops for both
      NDArray qk =
          qkv.get(new NDIndex(":, :, 0:{}", (long) (nh + kvh) * hd)).reshape(b, t, nh + kvh, hd);
      qk = qk.mul(cos).add(qk.matMul(rotateHalf).mul(sin));
      NDArray q = qk.get(new NDIndex(":, :, 0:{}", nh));
      NDArray k = qk.get(new NDIndex(":, :, {}:", nh));
      NDArray v = qkv.get(new NDIndex(":, :, {}:", (long) (nh + kvh) * hd)).reshape(b, t, kvh, hd);
      NDList kv = cache.keysValues(layer, k, v, m);
      NDArray attn = attention(q, kv.get(0), kv.get(1), mask, b, t);
      x = x.add(attn.matMul(w.oT(layer)));
      h = rmsNorm(x, w.postNorm(layer), eps).reshape(b * t, d);
      NDArray ff = feedForward(w, layer, h, validTokens, observer, auxLoss, m);
      x = x.add(ff.reshape(b, t, d));
    }
    return rmsNorm(x, w.finalNorm(), eps);
  }

  /** Logits {@code (..., vocab)} for hidden states {@code (..., hidden)}. */
  public NDArray logits(Weights w, NDArray hidden) {
    return hidden.matMul(w.lmHeadT());
  }

  private static NDArray rmsNorm(NDArray x, NDArray weight, float eps) {
    NDArray variance = x.square().mean(new int[] {-1}, true);
    return x.div(variance.add(eps).sqrt()).mul(weight);
  }

  private NDArray attention(NDArray q, NDArray keys, NDArray values, NDArray mask, long b, long t) {
    int nh = config.numAttentionHeads();
    int kvh = config.numKeyValueHeads();
    int hd = config.headDim();
    int group = nh / kvh;
    long s = keys.getShape().get(1);
    // query head h reads kv head h / group (transformers' repeat_kv): fold the group into rows so
    // each kv head is multiplied once for all its query heads, no repeated copies of the cache
    NDArray qg =
        q.reshape(b, t, kvh, group, hd)
            .transpose(0, 2, 3, 1, 4)
            .reshape(b, kvh, group * t, hd)
            .mul((float) (1.0 / Math.sqrt(hd)));
    NDArray scores = qg.matMul(keys.transpose(0, 2, 3, 1)).reshape(b, kvh, group, t, s);
    if (mask != null) {
      scores = scores.add(mask);
    }
    NDArray probs = scores.softmax(-1).reshape(b, kvh, group * t, s);
    NDArray out = probs.matMul(values.transpose(0, 2, 1, 3));
    return out.reshape(b, kvh, group, t, hd).transpose(0, 3, 1, 2, 4).reshape(b, t, nh * hd);
  }

  private NDArray feedForward(
      Weights w,
      int layer,
      NDArray h,
      boolean[] validTokens,
      RoutingObserver observer,
      List<NDArray> auxLoss,
      NDManager m) {
    NDArray out = null;
    if (config.numLocalExperts() > 0) {
      out = sparseExperts(w, layer, h, validTokens, observer, auxLoss, m);
    }
    if (config.sharedExpertSize() > 0) {
      NDArray shared = swiglu(h, w.sharedW1T(layer), w.sharedW3T(layer), w.sharedW2T(layer));
      out = out == null ? shared : out.add(shared);
    }
    return out;
  }

  /**
   * One token (a single stream decoding): its k experts are known on the host, so their cached
   * weights are used as they are, without any gather or index array.
   */
  private static NDArray singleTokenExperts(
      Weights w, int layer, NDArray h, NDArray routeWeights, long[] chosen) {
    float[] weights = routeWeights.toFloatArray();
    NDArray out = null;
    for (int j = 0; j < chosen.length; j++) {
      int e = (int) chosen[j];
      NDArray y = swiglu(h, w.w1T(layer, e), w.w3T(layer, e), w.w2T(layer, e)).mul(weights[j]);
      out = out == null ? y : out.add(y);
    }
    return out;
  }

  /**
   * Few routed slots (decoding): one padded batched product over all experts instead of a loop,
   * because a step of a small batch costs per operation, not per multiply. Each expert's rows are
   * laid out in a {@code (experts, capacity, hidden)} block, capacity being the busiest expert's
   * count; padding rows are computed and never read back.
   */
  private NDArray batchedExperts(
      Weights w,
      int layer,
      NDArray h,
      NDArray slotWeights,
      long[] counts,
      long[] start,
      long[] sortedSlot,
      long[] sortedToken,
      int totalSlots,
      NDManager m) {
    int experts = counts.length;
    int n = (int) h.getShape().get(0);
    long d = h.getShape().get(1);
    int capacity = 0;
    for (long c : counts) {
      capacity = (int) Math.max(capacity, c);
    }
    long[] rowToken = new long[experts * capacity];
    float[] rowKeep = new float[experts * capacity];
    long[] inverse = new long[totalSlots];
    int padRow = -1;
    for (int e = 0; e < experts; e++) {
      for (int c = 0; c < capacity; c++) {
        int row = e * capacity + c;
        if (c < counts[e]) {
          int pos = (int) start[e] + c;
          rowToken[row] = sortedToken[pos];
          rowKeep[row] = 1f;
          inverse[(int) sortedSlot[pos]] = row;
        } else if (padRow < 0) {
          padRow = row;
        }
      }
    }
    boolean[] filled = new boolean[totalSlots];
    for (long slot : sortedSlot) {
      filled[(int) slot] = true;
    }
    NDArray rows = h.get(m, new NDIndex("{}", m.create(rowToken))).reshape(experts, capacity, d);
    NDArray gate = rows.matMul(w.stackedW1T(layer));
    NDArray out =
        gate.mul(Activation.sigmoid(gate))
            .mul(rows.matMul(w.stackedW3T(layer)))
            .matMul(w.stackedW2T(layer))
            .reshape((long) experts * capacity, d);
    boolean anyUnfilled = false;
    for (boolean f : filled) {
      anyUnfilled |= !f;
    }
    if (anyUnfilled) {
      // slots of padding tokens read a zero row: a padding row's (scale 0) or an appended one
      out = out.mul(m.create(rowKeep).expandDims(1));
      if (padRow < 0) {
        out = NDArrays.concat(new NDList(out, m.zeros(new Shape(1, d), DataType.FLOAT32)), 0);
        padRow = experts * capacity;
      }
      for (int i = 0; i < totalSlots; i++) {
        if (!filled[i]) {
          inverse[i] = padRow;
        }
      }
    }
    int k = totalSlots / n;
    // back in (token, slot) order, each slot scaled by its routing weight, the k slots summed
    return out.get(new NDIndex("{}", m.create(inverse)))
        .reshape(n, k, d)
        .mul(slotWeights.expandDims(-1))
        .sum(new int[] {1});
  }

  /**
   * Mixtral routing: the k largest router logits per token and a softmax over just those, which
   * equals renormalising the full softmax over the chosen experts. Returns {@code (weights (N, k),
   * expert ids (N, k))}.
   */
  public static NDList route(NDArray routerLogits, int k) {
    NDList top = routerLogits.topK(k, -1, true, true);
    return new NDList(top.get(0).softmax(-1), top.get(1));
  }

  private static NDArray swiglu(NDArray x, NDArray w1T, NDArray w3T, NDArray w2T) {
    NDArray gate = x.matMul(w1T);
    return gate.mul(Activation.sigmoid(gate)).mul(x.matMul(w3T)).matMul(w2T);
  }

  /**
   * Top-k routing, then each expert runs only on its own tokens: the (token, slot) pairs are sorted
   * by expert on the host, the rows gathered in that order, each expert multiplies its contiguous
   * chunk, and an inverse gather puts the results back before the k slots are summed. The work
   * grows with k, not with the number of experts.
   */
  private NDArray sparseExperts(
      Weights w,
      int layer,
      NDArray h,
      boolean[] validTokens,
      RoutingObserver observer,
      List<NDArray> auxLoss,
      NDManager m) {
    int n = (int) h.getShape().get(0);
    int experts = config.numLocalExperts();
    int k = config.numExpertsPerTok();
    NDArray routerLogits = h.matMul(w.gateT(layer));
    NDList top = route(routerLogits, k);
    long[] chosen = top.get(1).toLongArray();
    long[] counts = new long[experts];
    int slots = 0;
    for (int i = 0; i < chosen.length; i++) {
      if (validTokens == null || validTokens[i / k]) {
        counts[(int) chosen[i]]++;
        slots++;
      }
    }
    observer.routed(layer, counts);
    if (n == 1 && slots == k && auxLoss == null) {
      return singleTokenExperts(w, layer, h, top.get(0), chosen);
    }
    if (auxLoss != null) {
      float[] fraction = new float[experts];
      long valid = Math.max(1, slots / k);
      for (int e = 0; e < experts; e++) {
        fraction[e] = (float) counts[e] / valid;
      }
      NDArray meanProb = routerLogits.softmax(-1).mean(new int[] {0});
      auxLoss.add(meanProb.mul(m.create(fraction)).sum().mul((float) experts));
    }
    long[] start = new long[experts + 1];
    for (int e = 0; e < experts; e++) {
      start[e + 1] = start[e] + counts[e];
    }
    long[] fill = Arrays.copyOf(start, experts);
    long[] sortedSlot = new long[slots];
    long[] sortedToken = new long[slots];
    for (int i = 0; i < chosen.length; i++) {
      if (validTokens == null || validTokens[i / k]) {
        int pos = (int) fill[(int) chosen[i]]++;
        sortedSlot[pos] = i;
        sortedToken[pos] = i / k;
      }
    }
    if (slots == 0) {
      return h.zerosLike();
    }
    if (slots <= BATCHED_EXPERT_SLOTS) {
      return batchedExperts(
          w, layer, h, top.get(0), counts, start, sortedSlot, sortedToken, chosen.length, m);
    }
    NDArray gathered = h.get(m, new NDIndex("{}", m.create(sortedToken)));
    NDList outs = new NDList();
    for (int e = 0; e < experts; e++) {
      if (counts[e] == 0) {
        continue;
      }
      NDArray chunk =
          counts[e] == slots
              ? gathered
              : gathered.get(new NDIndex("{}:{}", start[e], start[e + 1]));
      outs.add(swiglu(chunk, w.w1T(layer, e), w.w3T(layer, e), w.w2T(layer, e)));
    }
    NDArray expertOut = outs.size() == 1 ? outs.get(0) : NDArrays.concat(outs, 0);
    NDArray routeWeights = top.get(0).reshape(-1);
    NDArray slotIndex = m.create(sortedSlot);
    expertOut = expertOut.mul(routeWeights.get(new NDIndex("{}", slotIndex)).expandDims(1));
    // scatter back: an inverse gather puts every slot at (token, slot) order; slots of padding
    // tokens point at one appended zero row. Then each token sums its k slots.
    long[] inverse = new long[chosen.length];
    Arrays.fill(inverse, slots);
    for (int pos = 0; pos < slots; pos++) {
      inverse[(int) sortedSlot[pos]] = pos;
    }
    if (slots < chosen.length) {
      expertOut =
          NDArrays.concat(
              new NDList(expertOut, m.zeros(new Shape(1, h.getShape().get(1)), DataType.FLOAT32)),
              0);
    }
    return expertOut
        .get(new NDIndex("{}", m.create(inverse)))
        .reshape(n, k, h.getShape().get(1))
        .sum(new int[] {1});
  }

  /**
   * The training entry used by DJL's {@code Trainer.forward}: inputs are tokens {@code (B, T)},
   * positions {@code (B, T)} and the real length of each row {@code (B)}; outputs are the logits
   * {@code (B, T, vocab)} and the mean load-balancing loss over layers.
   */
  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray tokens = inputs.get(0);
    NDManager m = tokens.getManager();
    long[] lengths = inputs.get(2).toLongArray();
    int width = (int) tokens.getShape().get(1);
    int[] rows = new int[lengths.length];
    boolean[] valid = new boolean[lengths.length * width];
    for (int r = 0; r < lengths.length; r++) {
      rows[r] = (int) lengths[r];
      for (int j = 0; j < lengths[r]; j++) {
        valid[r * width + j] = true;
      }
    }
    Weights w = new TrainableWeights(this, parameterStore, tokens.getDevice(), m);
    List<NDArray> aux = new ArrayList<>();
    NDArray hidden =
        hidden(
            w,
            tokens,
            inputs.get(1),
            new CausalAttention(rows, width),
            valid,
            RoutingObserver.NONE,
            aux,
            m);
    NDArray auxLoss = aux.isEmpty() ? m.zeros(new Shape()) : aux.get(0);
    for (int i = 1; i < aux.size(); i++) {
      auxLoss = auxLoss.add(aux.get(i));
    }
    return new NDList(logits(w, hidden), auxLoss.div(Math.max(1, aux.size())));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {new Shape(in.get(0), in.get(1), config.vocabSize())};
  }

  public Device device() {
    return parameters.get(TensorNames.EMBED).getArray().getDevice();
  }
}
