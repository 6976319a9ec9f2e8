package com.companion.inference.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.companion.inference.TinyCheckpoint;
import com.companion.inference.engine.EngineMetrics;
import com.companion.inference.engine.EngineSettings;
import com.companion.inference.model.FrozenWeights;
import com.companion.inference.model.MixtralModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cached decoding must agree with recomputing the whole sequence. */
class KvCacheConsistencyTest {

  @Test
  void cachedDecodingMatchesRecomputationWithin1eMinus4() throws Exception {
    for (int shared : new int[] {0, 32}) {
      try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
        MixtralModel model = new MixtralModel(TinyCheckpoint.config(shared));
        model.initializeRandom(manager, 21, 0.1);
        model.prepare(manager);
        long[] tokens = new long[40];
        for (int i = 0; i < tokens.length; i++) {
          tokens[i] = (i * 37 + 11) % 300;
        }
        EngineSettings settings = new EngineSettings(1 << 20, 4, 4, 4, 4096, 16, false);
        try (ContinuousBatchScheduler scheduler =
            new ContinuousBatchScheduler(
                model,
                new FrozenWeights(model).materialize(),
                manager,
                ids -> "",
                List.of(),
                settings,
                new EngineMetrics("t", 2, 4))) {
          int[] table = new int[16];
          for (int i = 0; i < table.length; i++) {
            table[i] = scheduler.pool().allocate();
          }
          int v = model.config().vocabSize();
          // prefill 9 tokens (crossing block borders of 4), then one token per step
          int prefix = 9;
          long[] first = java.util.Arrays.copyOf(tokens, prefix);
          float[] cached =
              scheduler
                  .forwardTables(
                      new int[][] {table},
                      new int[] {0},
                      new long[][] {first},
                      new int[] {prefix},
                      prefix)[0];
          assertClose(
              lastRow(
                  com.companion.inference.model.MixtralModelTestSupport.logits(
                      model, manager, first),
                  v),
              cached);
          for (int t = prefix; t < tokens.length; t++) {
            float[] step =
                scheduler
                    .forwardTables(
                        new int[][] {table},
                        new int[] {t},
                        new long[][] {{tokens[t]}},
                        new int[] {1},
                        1)[0];
            long[] whole = java.util.Arrays.copyOf(tokens, t + 1);
            assertClose(
                lastRow(
                    com.companion.inference.model.MixtralModelTestSupport.logits(
                        model, manager, whole),
                    v),
                step);
          }
        }
      }
    }
  }

  static float[] lastRow(float[] all, int v) {
    return java.util.Arrays.copyOfRange(all, all.length - v, all.length);
  }

  static void assertClose(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(worst <= 1e-4, "largest logit difference " + worst);
  }
}
