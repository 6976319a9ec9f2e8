package com.companion.inference.engine.internal;

import com.companion.inference.engine.SamplingParams;
import java.util.Arrays;
import java.util.Random;

/**
 * Picks the next token from one row of logits on the host: penalties, then greedy or temperature
 * sampling with top-k, top-p and min-p filters. Done in Java with the request's own generator
 * because the engine has no multinomial sampling, and so that a seed reproduces a text exactly.
 */
final class Sampler {

  private Sampler() {}

  /** The chosen token and its log probability under the unpenalised model distribution. */
  record Choice(int token, double logprob) {}

  static Choice choose(
      float[] logits, SamplingParams p, int[] generatedCounts, boolean[] seen, Random random) {
    int v = logits.length;
    double[] z = new double[v];
    for (int i = 0; i < v; i++) {
      z[i] = logits[i];
      if (seen != null && seen[i] && p.repetitionPenalty() != 1.0) {
        // the CTRL / transformers rule: shrink positive logits, push negative ones further down
        z[i] = z[i] > 0 ? z[i] / p.repetitionPenalty() : z[i] * p.repetitionPenalty();
      }
      int count = generatedCounts == null ? 0 : generatedCounts[i];
      if (count > 0) {
        z[i] -= p.frequencyPenalty() * count + p.presencePenalty();
      }
    }
    int token;
    if (p.temperature() == 0) {
      token = argMax(z);
    } else {
      token = sample(z, p, random);
    }
    return new Choice(token, p.logprobs() ? logSoftmaxAt(logits, token) : Double.NaN);
  }

  private static int argMax(double[] z) {
    int best = 0;
    for (int i = 1; i < z.length; i++) {
      if (z[i] > z[best]) {
        best = i;
      }
    }
    return best;
  }

  private static int sample(double[] z, SamplingParams p, Random random) {
    int v = z.length;
    double max = Double.NEGATIVE_INFINITY;
    for (double x : z) {
      max = Math.max(max, x / p.temperature());
    }
    double[] prob = new double[v];
    double sum = 0;
    for (int i = 0; i < v; i++) {
      prob[i] = Math.exp(z[i] / p.temperature() - max);
      sum += prob[i];
    }
    Integer[] order = new Integer[v];
    for (int i = 0; i < v; i++) {
      order[i] = i;
      prob[i] /= sum;
    }
    Arrays.sort(order, (a, b) -> Double.compare(prob[b], prob[a]));
    int keep = v;
    if (p.topK() > 0) {
      keep = Math.min(keep, p.topK());
    }
    if (p.topP() < 1.0) {
      double cumulative = 0;
      for (int i = 0; i < keep; i++) {
        cumulative += prob[order[i]];
        if (cumulative >= p.topP()) {
          keep = i + 1;
          break;
        }
      }
    }
    if (p.minP() > 0) {
      double floor = p.minP() * prob[order[0]];
      int i = 1;
      while (i < keep && prob[order[i]] >= floor) {
        i++;
      }
      keep = i;
    }
    double total = 0;
    for (int i = 0; i < keep; i++) {
      total += prob[order[i]];
    }
    double u = random.nextDouble() * total;
    for (int i = 0; i < keep; i++) {
      u -= prob[order[i]];
      if (u <= 0) {
        return order[i];
      }
    }
    return order[keep - 1];
  }

  private static double logSoftmaxAt(float[] logits, int token) {
    double max = Double.NEGATIVE_INFINITY;
    for (float x : logits) {
      max = Math.max(max, x);
    }
    double sum = 0;
    for (float x : logits) {
      sum += Math.exp(x - max);
    }
    return logits[token] - max - Math.log(sum);
  }
}
