package com.companion.inference.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * Architecture hyper-parameters, read from and written to {@code config.json} with the key names of
 * Hugging Face's {@code MixtralConfig}, so a real Mixtral checkpoint's config parses as is.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelConfig(
    @JsonProperty("architectures") List<String> architectures,
    @JsonProperty("model_type") String modelType,
    @JsonProperty("vocab_size") int vocabSize,
    @JsonProperty("hidden_size") int hiddenSize,
    @JsonProperty("intermediate_size") int intermediateSize,
    @JsonProperty("num_hidden_layers") int numHiddenLayers,
    @JsonProperty("num_attention_heads") int numAttentionHeads,
    @JsonProperty("num_key_value_heads") int numKeyValueHeads,
    @JsonProperty("head_dim") Integer headDimOverride,
    @JsonProperty("num_local_experts") int numLocalExperts,
    @JsonProperty("num_experts_per_tok") int numExpertsPerTok,
    @JsonProperty("shared_expert_intermediate_size") Integer sharedExpertIntermediateSize,
    @JsonProperty("rope_theta") double ropeTheta,
    @JsonProperty("rms_norm_eps") double rmsNormEps,
    @JsonProperty("max_position_embeddings") int maxPositionEmbeddings,
    @JsonProperty("tie_word_embeddings") boolean tieWordEmbeddings,
    @JsonProperty("router_aux_loss_coef") Double routerAuxLossCoef,
    @JsonProperty("bos_token_id") Integer bosTokenId,
    @JsonProperty("eos_token_id") Integer eosTokenId,
    @JsonProperty("hidden_act") String hiddenAct,
    @JsonProperty("torch_dtype") String torchDtype) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A Mixtral-shaped config with the defaults a checkpoint written here carries. */
  public static ModelConfig of(
      int vocabSize,
      int hiddenSize,
      int intermediateSize,
      int layers,
      int heads,
      int kvHeads,
      int experts,
      int expertsPerToken,
      int sharedExpertIntermediateSize,
      int maxPositions,
      int bosTokenId,
      int eosTokenId) {
    return new ModelConfig(
        List.of("MixtralForCausalLM"),
        "mixtral",
        vocabSize,
        hiddenSize,
        intermediateSize,
        layers,
        heads,
        kvHeads,
        null,
        experts,
        expertsPerToken,
        sharedExpertIntermediateSize > 0 ? sharedExpertIntermediateSize : null,
        10000.0,
        1e-5,
        maxPositions,
        true,
        0.02,
        bosTokenId,
        eosTokenId,
        "silu",
        "float32");
  }

  public int headDim() {
    return headDimOverride != null ? headDimOverride : hiddenSize / numAttentionHeads;
  }

  public int sharedExpertSize() {
    return sharedExpertIntermediateSize == null ? 0 : sharedExpertIntermediateSize;
  }

  public double auxLossCoef() {
    return routerAuxLossCoef == null ? 0.02 : routerAuxLossCoef;
  }

  /** Parameters that one token touches: attention, k routed experts, the shared expert, head. */
  public long activeParameters() {
    long d = hiddenSize;
    long attention = d * headDim() * (2L * numAttentionHeads + 2L * numKeyValueHeads);
    long expert = 3L * d * intermediateSize;
    long shared = 3L * d * sharedExpertSize();
    long perLayer = attention + numExpertsPerTok * expert + shared + d * numLocalExperts;
    return numHiddenLayers * perLayer + (long) vocabSize * d;
  }

  public static ModelConfig read(Path file) throws IOException {
    return JSON.readValue(Files.readString(file), ModelConfig.class);
  }

  public void write(Path file) throws IOException {
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this));
  }
}
