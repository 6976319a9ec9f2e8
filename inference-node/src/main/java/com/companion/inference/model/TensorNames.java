package com.companion.inference.model;

/**
 * The checkpoint's tensor names, spelled as Hugging Face's {@code MixtralForCausalLM} spells them;
 * the one place that knows the layout, so a real Mixtral checkpoint and ours load the same way.
 */
public final class TensorNames {

  public static final String EMBED = "model.embed_tokens.weight";
  public static final String FINAL_NORM = "model.norm.weight";
  public static final String LM_HEAD = "lm_head.weight";

  private TensorNames() {}

  private static String layer(int l) {
    return "model.layers." + l + ".";
  }

  /** {@code projection} is one of q, k, v, o. */
  public static String attention(int l, String projection) {
    return layer(l) + "self_attn." + projection + "_proj.weight";
  }

  public static String inputNorm(int l) {
    return layer(l) + "input_layernorm.weight";
  }

  public static String postNorm(int l) {
    return layer(l) + "post_attention_layernorm.weight";
  }

  public static String router(int l) {
    return layer(l) + "block_sparse_moe.gate.weight";
  }

  /** {@code w} is one of w1, w2, w3. */
  public static String expert(int l, int e, String w) {
    return layer(l) + "block_sparse_moe.experts." + e + "." + w + ".weight";
  }

  public static String sharedExpert(int l, String w) {
    return layer(l) + "block_sparse_moe.shared_expert." + w + ".weight";
  }

  /** The output projection; tied checkpoints reuse the embedding. */
  public static String outputHead(ModelConfig c) {
    return c.tieWordEmbeddings() ? EMBED : LM_HEAD;
  }
}
