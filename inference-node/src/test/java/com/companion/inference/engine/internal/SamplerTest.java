package com.companion.inference.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.companion.inference.engine.SamplingParams;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SamplerTest {

  static final float[] LOGITS = {2.0f, 1.9f, 0.5f, -1f, 1.0f};

  static SamplingParams params(
      double t, double topP, int topK, double minP, double rep, double presence) {
    return new SamplingParams(t, topP, topK, minP, rep, presence, 0, 1L, List.of(), 10, true);
  }

  static Set<Integer> draws(SamplingParams p, int[] counts, boolean[] seen) {
    Random random = new Random(3);
    Set<Integer> out = new HashSet<>();
    for (int i = 0; i < 400; i++) {
      out.add(Sampler.choose(LOGITS, p, counts, seen, random).token());
    }
    return out;
  }

  @Test
  void temperatureZeroIsArgMaxWithItsLogprob() {
    Sampler.Choice c = Sampler.choose(LOGITS, params(0, 1, 0, 0, 1, 0), null, null, new Random());
    assertEquals(0, c.token());
    assertTrue(c.logprob() < 0 && c.logprob() > -1.5);
  }

  @Test
  void filtersKeepOnlyTheAllowedTokens() {
    assertEquals(Set.of(0), draws(params(5, 1, 1, 0, 1, 0), null, null));
    assertEquals(Set.of(0, 1), draws(params(5, 1, 2, 0, 1, 0), null, null));
    // top_p 0.5 at temperature 1: the first two tokens carry more than half the mass together
    assertEquals(Set.of(0, 1), draws(params(1, 0.5, 0, 0, 1, 0), null, null));
    // min_p 0.5: tokens below half the top probability go (e^-1.5 < 0.5, e^-0.1 > 0.5)
    assertEquals(Set.of(0, 1), draws(params(1, 1, 0, 0.5, 1, 0), null, null));
    assertEquals(5, draws(params(50, 1, 0, 0, 1, 0), null, null).size());
  }

  @Test
  void penaltiesPushSeenTokensDown() {
    boolean[] seen = {true, false, false, false, false};
    int[] counts = {1, 0, 0, 0, 0};
    assertEquals(
        1, Sampler.choose(LOGITS, params(0, 1, 0, 0, 1.2, 0), null, seen, new Random()).token());
    assertEquals(
        1, Sampler.choose(LOGITS, params(0, 1, 0, 0, 1, 0.2), counts, seen, new Random()).token());
  }
}
