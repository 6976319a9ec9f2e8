package com.companion.inference.model;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A checkpoint folder in Hugging Face layout: {@code config.json}, {@code model.safetensors},
 * {@code generation_config.json}, and the tokenizer files written beside them.
 */
public final class Checkpoint {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Checkpoint() {}

  public static void save(Path dir, MixtralModel model) throws IOException {
    Files.createDirectories(dir);
    model.config().write(dir.resolve("config.json"));
    Safetensors.write(dir.resolve("model.safetensors"), model.export(), false);
    ObjectNode gen = JSON.createObjectNode();
    Integer bos = model.config().bosTokenId();
    if (bos != null) {
      gen.put("bos_token_id", bos);
    }
    var eos = gen.putArray("eos_token_id");
    for (int id : stopTokenIds(model.config())) {
      eos.add(id);
    }
    Files.writeString(
        dir.resolve("generation_config.json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(gen));
  }

  /** Loads config and weights; the caller owns {@code manager}. */
  public static MixtralModel load(Path dir, NDManager manager) throws IOException {
    ModelConfig config = ModelConfig.read(dir.resolve("config.json"));
    MixtralModel model = new MixtralModel(config);
    model.load(manager, Safetensors.readCheckpoint(dir));
    model.prepare(manager);
    return model;
  }

  /** Token ids that end a reply: the config's end-of-sequence id (the end-of-turn marker here). */
  public static List<Integer> stopTokenIds(ModelConfig config) {
    return config.eosTokenId() == null ? List.of() : List.of(config.eosTokenId());
  }
}
