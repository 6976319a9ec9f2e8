package com.companion.safety.classifier;

import java.util.List;

/**
 * Folds several embedding-bag networks into one wider network of the same shape, so an ensemble
 * ships in the existing file format and runs through the unchanged inference code. Embeddings are
 * laid side by side, the first layers become one block-diagonal layer and the output layers are
 * stacked with the member's weight: the folded network's logits are exactly the weighted sum of the
 * members' logits (before int8 quantisation of the embedding).
 */
final class EnsembleFolding {

  private EnsembleFolding() {}

  static MlpWeights fold(List<MlpWeights> members, double[] weights) {
    if (members.size() != weights.length || members.isEmpty()) {
      throw new IllegalArgumentException("one weight per member");
    }
    int buckets = members.getFirst().buckets();
    int dim = 0;
    int hidden = 0;
    double targetRms = 0;
    for (MlpWeights m : members) {
      if (m.buckets() != buckets) {
        throw new IllegalArgumentException("members hash into different bucket counts");
      }
      dim += m.dim();
      hidden += m.hidden();
      targetRms += rms(m.emb()) / members.size();
    }
    int classes = TextClassifier.CLASSES;
    float[] emb = new float[buckets * dim];
    float[] w1 = new float[dim * hidden];
    float[] b1 = new float[hidden];
    float[] w2 = new float[hidden * classes];
    float[] b2 = new float[classes];
    int dimOffset = 0;
    int hiddenOffset = 0;
    for (int k = 0; k < members.size(); k++) {
      MlpWeights m = members.get(k);
      // Each embedding row is quantised with one scale over all members' columns: bring the
      // members to one magnitude first (ReLU commutes with a positive scale, so dividing the
      // first layer by the same factor leaves the member's function unchanged).
      double rms = rms(m.emb());
      float scale = rms == 0 ? 1f : (float) (targetRms / rms);
      for (int r = 0; r < buckets; r++) {
        for (int d = 0; d < m.dim(); d++) {
          emb[r * dim + dimOffset + d] = m.emb()[r * m.dim() + d] * scale;
        }
      }
      for (int d = 0; d < m.dim(); d++) {
        for (int j = 0; j < m.hidden(); j++) {
          w1[(dimOffset + d) * hidden + hiddenOffset + j] = m.w1()[d * m.hidden() + j] / scale;
        }
      }
      for (int j = 0; j < m.hidden(); j++) {
        b1[hiddenOffset + j] = m.b1()[j];
        for (int c = 0; c < classes; c++) {
          w2[(hiddenOffset + j) * classes + c] = (float) (weights[k] * m.w2()[j * classes + c]);
        }
      }
      for (int c = 0; c < classes; c++) {
        b2[c] += (float) (weights[k] * m.b2()[c]);
      }
      dimOffset += m.dim();
      hiddenOffset += m.hidden();
    }
    return new MlpWeights(buckets, dim, hidden, emb, w1, b1, w2, b2);
  }

  private static double rms(float[] a) {
    double sum = 0;
    for (float v : a) {
      sum += (double) v * v;
    }
    return Math.sqrt(sum / a.length);
  }
}
