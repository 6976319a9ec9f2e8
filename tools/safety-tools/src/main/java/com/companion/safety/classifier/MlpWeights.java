package com.companion.safety.classifier;

/**
 * Float weights of one embedding-bag network in the layout of {@link TextClassifier}: embedding
 * {@code buckets x dim}, {@code w1} {@code dim x hidden}, {@code w2} {@code hidden x classes}, all
 * row-major. Training works on these; {@link #quantised()} gives the shipped form.
 */
record MlpWeights(
    int buckets, int dim, int hidden, float[] emb, float[] w1, float[] b1, float[] w2, float[] b2) {

  TextClassifier quantised() {
    return TextClassifier.fromWeights(buckets, dim, hidden, emb, w1, b1, w2, b2);
  }
}
