package com.companion.safety.classifier;

import com.companion.safety.classifier.internal.FeatureHasher;
import com.companion.safety.normalize.TextNormalizer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The in-house offensive-language classifier: a hashed n-gram embedding bag (mean of the rows of
 * the message's features), one ReLU hidden layer and a softmax over {neither, offensive, hate}.
 * Trained with DJL ({@link ClassifierTrainer}); inference is plain Java over the exported weights
 * because a forward pass is a few thousand multiply-adds, far cheaper than a native engine call,
 * which keeps a message well under a millisecond on one core. Embedding rows are stored as int8
 * with one float scale per row; the file is gzip-compressed.
 */
public final class TextClassifier {

  private static final int MAGIC = 0x53464331; // "SFC1"
  public static final int CLASSES = 3;

  private final FeatureHasher hasher;
  private final int dim;
  private final int hidden;
  private final byte[] embedding; // buckets * dim
  private final float[] rowScale; // buckets
  private final float[] w1; // dim * hidden
  private final float[] b1; // hidden
  private final float[] w2; // hidden * CLASSES
  private final float[] b2; // CLASSES

  TextClassifier(
      int buckets,
      int dim,
      int hidden,
      byte[] embedding,
      float[] rowScale,
      float[] w1,
      float[] b1,
      float[] w2,
      float[] b2) {
    this.hasher = new FeatureHasher(buckets);
    this.dim = dim;
    this.hidden = hidden;
    this.embedding = embedding;
    this.rowScale = rowScale;
    this.w1 = w1;
    this.b1 = b1;
    this.w2 = w2;
    this.b2 = b2;
  }

  /** Quantises float weights (embedding is {@code buckets x dim}, row-major). */
  public static TextClassifier fromWeights(
      int buckets,
      int dim,
      int hidden,
      float[] emb,
      float[] w1,
      float[] b1,
      float[] w2,
      float[] b2) {
    byte[] q = new byte[buckets * dim];
    float[] scale = new float[buckets];
    for (int r = 0; r < buckets; r++) {
      float max = 0;
      for (int d = 0; d < dim; d++) {
        max = Math.max(max, Math.abs(emb[r * dim + d]));
      }
      float s = max == 0 ? 1f : max / 127f;
      scale[r] = s;
      for (int d = 0; d < dim; d++) {
        q[r * dim + d] = (byte) Math.round(emb[r * dim + d] / s);
      }
    }
    return new TextClassifier(buckets, dim, hidden, q, scale, w1, b1, w2, b2);
  }

  public static TextClassifier load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  public static TextClassifier read(InputStream raw) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw), 1 << 16))) {
      if (in.readInt() != MAGIC) {
        throw new IOException("not a classifier file");
      }
      int buckets = in.readInt();
      int dim = in.readInt();
      int hidden = in.readInt();
      if (in.readInt() != CLASSES) {
        throw new IOException("unexpected class count");
      }
      byte[] emb = new byte[buckets * dim];
      in.readFully(emb);
      float[] scale = readFloats(in, buckets);
      float[] w1 = readFloats(in, dim * hidden);
      float[] b1 = readFloats(in, hidden);
      float[] w2 = readFloats(in, hidden * CLASSES);
      float[] b2 = readFloats(in, CLASSES);
      return new TextClassifier(buckets, dim, hidden, emb, scale, w1, b1, w2, b2);
    }
  }

  public void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream os = Files.newOutputStream(file);
        DataOutputStream out =
            new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(os), 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(hasher.buckets());
      out.writeInt(dim);
      out.writeInt(hidden);
      out.writeInt(CLASSES);
      out.write(embedding);
      writeFloats(out, rowScale);
      writeFloats(out, w1);
      writeFloats(out, b1);
      writeFloats(out, w2);
      writeFloats(out, b2);
    }
  }

  /** Scores raw user text (URLs, mentions and markup are ignored). */
  public ClassifierScores score(String raw) {
    return scoreCanonical(TextNormalizer.get().canonical(stripNoise(raw)));
  }

  /**
   * The raw text without what the classifier ignores (URLs, mentions, HTML entities, retweet
   * markers), for callers that normalise it themselves before {@link #scoreCanonical(String)}.
   */
  public static String stripNoise(String raw) {
    return FeatureHasher.stripNoise(raw);
  }

  /** Scores text that is already canonical ({@link TextNormalizer#canonical(String)}). */
  public ClassifierScores scoreCanonical(String canonical) {
    int[] feats = new int[FeatureHasher.maxFeatures()];
    int n = hasher.features(canonical, feats);
    float[] x = new float[dim];
    for (int f = 0; f < n; f++) {
      int row = feats[f];
      float s = rowScale[row] / n;
      int base = row * dim;
      for (int d = 0; d < dim; d++) {
        x[d] += embedding[base + d] * s;
      }
    }
    float[] h = new float[hidden];
    for (int j = 0; j < hidden; j++) {
      h[j] = b1[j];
    }
    for (int d = 0; d < dim; d++) {
      float xd = x[d];
      int base = d * hidden;
      for (int j = 0; j < hidden; j++) {
        h[j] += xd * w1[base + j];
      }
    }
    double[] logits = new double[CLASSES];
    for (int c = 0; c < CLASSES; c++) {
      logits[c] = b2[c];
    }
    for (int j = 0; j < hidden; j++) {
      float hj = Math.max(0f, h[j]);
      if (hj == 0f) {
        continue;
      }
      for (int c = 0; c < CLASSES; c++) {
        logits[c] += hj * w2[j * CLASSES + c];
      }
    }
    double max = Math.max(logits[0], Math.max(logits[1], logits[2]));
    double e0 = Math.exp(logits[0] - max);
    double e1 = Math.exp(logits[1] - max);
    double e2 = Math.exp(logits[2] - max);
    double sum = e0 + e1 + e2;
    return new ClassifierScores(e0 / sum, e1 / sum, e2 / sum);
  }

  public String describe() {
    return "hashed n-gram embedding bag: "
        + hasher.buckets()
        + " buckets x "
        + dim
        + " dims (int8), hidden "
        + hidden
        + ", "
        + CLASSES
        + " classes";
  }

  private static float[] readFloats(DataInputStream in, int n) throws IOException {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = in.readFloat();
    }
    return a;
  }

  private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
    for (float v : a) {
      out.writeFloat(v);
    }
  }
}
