package com.companion.inference.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.companion.inference.TinyCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixtralModelTest {

  @TempDir Path dir;
  NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager("PyTorch");
  }

  @AfterEach
  void close() {
    manager.close();
  }

  static float[] logits(MixtralModel model, NDManager manager, long[] tokens) {
    int t = tokens.length;
    long[] positions = new long[t];
    for (int i = 0; i < t; i++) {
      positions[i] = i;
    }
    try (NDManager m = manager.newSubManager();
        FrozenWeights w = new FrozenWeights(model)) {
      NDArray h =
          model.hidden(
              w,
              m.create(tokens, new Shape(1, t)),
              m.create(positions, new Shape(1, t)),
              new CausalAttention(new int[] {t}, t),
              null,
              RoutingObserver.NONE,
              null,
              m);
      return model.logits(w, h).toFloatArray();
    }
  }

  @Test
  void routerWeightsSumToOneOverDistinctTopExperts() {
    Random random = new Random(3);
    float[] raw = new float[64 * 8];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (float) random.nextGaussian() * 3;
    }
    NDList routed = MixtralModel.route(manager.create(raw, new Shape(64, 8)), 2);
    float[] weights = routed.get(0).toFloatArray();
    long[] experts = routed.get(1).toLongArray();
    for (int token = 0; token < 64; token++) {
      assertEquals(1.0, weights[2 * token] + weights[2 * token + 1], 1e-6);
      assertNotEquals(experts[2 * token], experts[2 * token + 1]);
      // the chosen two are the two largest logits of the token
      Set<Long> chosen = new HashSet<>(Set.of(experts[2 * token], experts[2 * token + 1]));
      int larger = 0;
      for (int e = 0; e < 8; e++) {
        if (!chosen.contains((long) e)
            && raw[token * 8 + e]
                > Math.min(
                    raw[token * 8 + (int) experts[2 * token]],
                    raw[token * 8 + (int) experts[2 * token + 1]])) {
          larger++;
        }
      }
      assertEquals(0, larger);
      assertTrue(weights[2 * token] >= weights[2 * token + 1]);
    }
  }

  @Test
  void saveThenLoadGivesIdenticalLogits() throws IOException {
    ModelConfig config = TinyCheckpoint.config(24);
    MixtralModel model = new MixtralModel(config);
    model.initializeRandom(manager, 11, 0.3);
    model.prepare(manager);
    long[] tokens = {5, 77, 300, 12, 9, 41, 41, 2};
    float[] before = logits(model, manager, tokens);

    Checkpoint.save(dir, model);
    MixtralModel loaded = Checkpoint.load(dir, manager);

    assertEquals(config, loaded.config());
    assertArrayEquals(before, logits(loaded, manager, tokens));
  }

  @Test
  void configKeepsMixtralKeyNames() throws IOException {
    ModelConfig config = TinyCheckpoint.config(0);
    config.write(dir.resolve("config.json"));
    String json = java.nio.file.Files.readString(dir.resolve("config.json"));
    for (String key :
        new String[] {
          "hidden_size",
          "intermediate_size",
          "num_hidden_layers",
          "num_attention_heads",
          "num_key_value_heads",
          "num_local_experts",
          "num_experts_per_tok",
          "rope_theta",
          "rms_norm_eps",
          "vocab_size",
          "max_position_embeddings",
          "tie_word_embeddings"
        }) {
      assertTrue(json.contains("\"" + key + "\""), key);
    }
    assertTrue(
        MixtralModel.parameterNames(config)
            .contains("model.layers.1.block_sparse_moe.experts.3.w2.weight"));
  }

  @Test
  void aTokenOnlyDependsOnEarlierTokens() {
    MixtralModel model = new MixtralModel(TinyCheckpoint.config(0));
    model.initializeRandom(manager, 5, 0.3);
    model.prepare(manager);
    int v = model.config().vocabSize();
    float[] a = logits(model, manager, new long[] {1, 2, 3, 4});
    float[] b = logits(model, manager, new long[] {1, 2, 3, 99});
    for (int i = 0; i < 3 * v; i++) {
      assertEquals(a[i], b[i], 1e-5f);
    }
  }

  @Test
  void theExpertLoopAndTheBatchedExpertProductAgree() {
    MixtralModel model = new MixtralModel(TinyCheckpoint.config(16));
    model.initializeRandom(manager, 8, 0.1);
    model.prepare(manager);
    int v = model.config().vocabSize();
    long[] longer = new long[160];
    for (int i = 0; i < longer.length; i++) {
      longer[i] = (i * 53 + 7) % 300;
    }
    // 160 tokens x top-2 = 320 routed slots: the per-expert loop; 100 x 2 = 200: one batched
    // product
    float[] looped = logits(model, manager, longer);
    float[] batched = logits(model, manager, java.util.Arrays.copyOf(longer, 100));
    double worst = 0;
    for (int i = 0; i < 100 * v; i++) {
      worst = Math.max(worst, Math.abs(looped[i] - batched[i]));
    }
    assertTrue(worst < 1e-4, "largest difference " + worst);
  }
}
