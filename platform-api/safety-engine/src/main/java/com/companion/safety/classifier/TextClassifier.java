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
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The in-house offensive-language classifier: a linear softmax over {neither, offensive, hate} on
 * the message's hashed n-gram features ({@link FeatureHasher}). Each feature counts {@code 1 + ln
 * tf}, and the message's vector is scaled to unit length, so a long message weighs no more than a
 * short one.
 *
 * <p>A linear model on these features generalises to topics it was not trained on better than the
 * embedding-bag network it replaced (see the safety-filter README's evaluation), and a message
 * costs a few microseconds: its features times three weights each. The file is gzip-compressed.
 */
public final class TextClassifier {

  private static final int MAGIC = 0x53464332; // "SFC2"
  public static final int CLASSES = 3;

  private final FeatureHasher hasher;
  private final float[] weights; // buckets x CLASSES, row-major
  private final float[] bias; // CLASSES

  private TextClassifier(float[] weights, float[] bias) {
    if (weights.length == 0 || weights.length % CLASSES != 0 || bias.length != CLASSES) {
      throw new IllegalArgumentException(
          "a classifier needs " + CLASSES + " weights per bucket and " + CLASSES + " biases");
    }
    this.hasher = new FeatureHasher(weights.length / CLASSES);
    this.weights = weights;
    this.bias = bias;
  }

  /**
   * A classifier of {@code weights.length / CLASSES} buckets; {@code weights} is {@code buckets x
   * CLASSES}, row-major. The arrays are kept, not copied.
   */
  public static TextClassifier fromWeights(float[] weights, float[] bias) {
    return new TextClassifier(weights, bias);
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
        throw new IOException("not a classifier file of this version");
      }
      int buckets = in.readInt();
      if (in.readInt() != CLASSES) {
        throw new IOException("unexpected class count");
      }
      if (buckets < 1 || buckets > 1 << 24) {
        throw new IOException("unexpected bucket count " + buckets);
      }
      float[] weights = readFloats(in, buckets * CLASSES);
      float[] bias = readFloats(in, CLASSES);
      return new TextClassifier(weights, bias);
    }
  }

  public void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream os = Files.newOutputStream(file);
        DataOutputStream out =
            new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(os), 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(hasher.buckets());
      out.writeInt(CLASSES);
      writeFloats(out, weights);
      writeFloats(out, bias);
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
    Features x = Features.of(canonical, hasher);
    double[] logits = new double[CLASSES];
    for (int c = 0; c < CLASSES; c++) {
      logits[c] = bias[c];
    }
    for (int f = 0; f < x.size(); f++) {
      int base = x.buckets()[f] * CLASSES;
      float v = x.values()[f];
      for (int c = 0; c < CLASSES; c++) {
        logits[c] += v * weights[base + c];
      }
    }
    double[] p = softmax(logits);
    return new ClassifierScores(p[0], p[1], p[2]);
  }

  /** Probabilities from logits, in place. */
  public static double[] softmax(double[] logits) {
    double max = logits.length == 0 ? 0 : logits[0];
    for (double logit : logits) {
      max = Math.max(max, logit);
    }
    double sum = 0;
    for (int c = 0; c < logits.length; c++) {
      logits[c] = Math.exp(logits[c] - max);
      sum += logits[c];
    }
    for (int c = 0; c < logits.length; c++) {
      logits[c] /= sum;
    }
    return logits;
  }

  public int buckets() {
    return hasher.buckets();
  }

  public String describe() {
    return "linear softmax over "
        + hasher.buckets()
        + " hashed n-gram buckets (1 + ln tf, unit length), "
        + CLASSES
        + " classes";
  }

  /**
   * A message's distinct hashed features, in bucket order, and their values: {@code 1 + ln tf},
   * scaled so that the vector has unit length. The trainer reads messages the same way.
   */
  public record Features(int[] buckets, float[] values) {

    /** {@code 1 + ln tf} for every count a message can have. */
    private static final float[] LOG_TF = new float[FeatureHasher.maxFeatures() + 1];

    static {
      for (int tf = 1; tf < LOG_TF.length; tf++) {
        LOG_TF[tf] = (float) (1 + Math.log(tf));
      }
    }

    public static Features of(String canonical, FeatureHasher hasher) {
      int[] feats = new int[FeatureHasher.maxFeatures()];
      int n = hasher.features(canonical, feats);
      Arrays.sort(feats, 0, n);
      int[] distinct = new int[n];
      float[] values = new float[n];
      int size = 0;
      for (int i = 0; i < n; ) {
        int j = i;
        while (j < n && feats[j] == feats[i]) {
          j++;
        }
        distinct[size] = feats[i];
        values[size++] = LOG_TF[j - i];
        i = j;
      }
      double norm = 0;
      for (int f = 0; f < size; f++) {
        norm += (double) values[f] * values[f];
      }
      float scale = norm == 0 ? 0f : (float) (1 / Math.sqrt(norm));
      for (int f = 0; f < size; f++) {
        values[f] *= scale;
      }
      return new Features(Arrays.copyOf(distinct, size), Arrays.copyOf(values, size));
    }

    public int size() {
      return buckets.length;
    }
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
