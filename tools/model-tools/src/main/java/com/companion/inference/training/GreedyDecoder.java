package com.companion.inference.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import com.companion.inference.model.CausalAttention;
import com.companion.inference.model.ChatTemplate;
import com.companion.inference.model.FrozenWeights;
import com.companion.inference.model.MixtralModel;
import com.companion.inference.model.RoutingObserver;
import com.companion.inference.model.TensorNames;
import com.companion.inference.model.TextTokenizer;
import java.util.Arrays;

/**
 * Greedy completion by recomputing the whole sequence each token: slow, cache-free and simple, for
 * progress samples during training (serving goes through the engine instead).
 */
public final class GreedyDecoder {

  private GreedyDecoder() {}

  public static String complete(
      MixtralModel model, TextTokenizer tokenizer, String prompt, int maxTokens) {
    long[] ids = tokenizer.encode(prompt);
    int promptLength = ids.length;
    long end = ChatTemplate.SPECIAL_TOKENS.indexOf(ChatTemplate.END);
    NDManager parent = model.parameter(TensorNames.FINAL_NORM).getArray().getManager();
    try (NDManager m = parent.newSubManager();
        FrozenWeights weights = new FrozenWeights(model)) {
      for (int i = 0; i < maxTokens; i++) {
        int t = ids.length;
        long[] positions = new long[t];
        for (int j = 0; j < t; j++) {
          positions[j] = j;
        }
        try (NDManager step = m.newSubManager()) {
          NDArray hidden =
              model.hidden(
                  weights,
                  step.create(ids, new Shape(1, t)),
                  step.create(positions, new Shape(1, t)),
                  new CausalAttention(new int[] {t}, t),
                  null,
                  RoutingObserver.NONE,
                  null,
                  step);
          NDArray last = hidden.get(new NDIndex(":, {}:", t - 1));
          long next = model.logits(weights, last).reshape(-1).argMax().getLong();
          if (next == end) {
            break;
          }
          ids = Arrays.copyOf(ids, t + 1);
          ids[t] = next;
        }
      }
    }
    return tokenizer.decodeText(Arrays.copyOfRange(ids, promptLength, ids.length));
  }
}
