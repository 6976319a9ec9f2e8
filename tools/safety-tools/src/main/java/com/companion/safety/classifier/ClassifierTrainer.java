package com.companion.safety.classifier;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.companion.safety.classifier.internal.FeatureHasher;
import com.companion.safety.normalize.TextNormalizer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Trains {@link TextClassifier} with DJL (PyTorch engine, CPU): embedding bag over hashed features,
 * feature dropout as regularisation, Adam (row-sparse for the embedding), the epoch with the best
 * validation score wins. Several such networks, differing only in their seed, are averaged into one
 * (see {@link #train}). Time-boxed: stops after {@link Config#maxTime()} whatever the epoch count.
 */
public final class ClassifierTrainer {

  /** Training settings; defaults are what the shipped model was trained with. */
  public record Config(
      int buckets,
      int dim,
      int hidden,
      int epochs,
      int batchSize,
      float learningRate,
      float featureDropout,
      float initScale,
      float weightDecay,
      boolean classBalance,
      long seed,
      Duration maxTime,
      int members) {

    public static Config defaults() {
      return new Config(
          1 << 18,
          32,
          32,
          1,
          64,
          0.004f,
          0.25f,
          0.1f,
          0f,
          false,
          7L,
          Duration.ofMinutes(15),
          MEMBERS);
    }
  }

  /**
   * The shipped model ({@link #model()}) and, by name ("network 1", ...), the networks averaged
   * into it, each usable on its own: reports show what the averaging adds over any one of them.
   */
  public record Trained(TextClassifier model, Map<String, TextClassifier> networks) {}

  /**
   * Networks averaged by default: one. Averaging four steadies the accuracy on unseen COLD topics
   * (one network moves by almost 5 points with the seed alone) and adds about half a point over the
   * shipped network, but it halves the recall of the rare {@code hate} class and makes the model
   * four times larger and about twice as slow per message, so it is an option, not the default
   * (README, Evaluation).
   */
  private static final int MEMBERS = 1;

  private final Config config;
  private final PrintStream log;

  public ClassifierTrainer(Config config, PrintStream log) {
    this.config = config;
    this.log = log;
  }

  /**
   * Trains {@link Config#members()} networks on {@code train}, differing only in their random seed;
   * each keeps its epoch with the best {@code validationScore} (higher is better). Their logits are
   * averaged by folding them into one network of the shipped format ({@link EnsembleFolding}).
   */
  public Trained train(List<LabelledText> train, ToDoubleFunction<TextClassifier> validationScore) {
    long started = System.nanoTime();
    FeatureHasher hasher = new FeatureHasher(config.buckets());
    int[][] features = new int[train.size()][];
    int[] labels = new int[train.size()];
    int[] buf = new int[FeatureHasher.maxFeatures()];
    for (int i = 0; i < train.size(); i++) {
      String canonical =
          TextNormalizer.get().canonical(FeatureHasher.stripNoise(train.get(i).text()));
      int n = hasher.features(canonical, buf);
      features[i] = java.util.Arrays.copyOf(buf, n);
      labels[i] = train.get(i).label();
    }
    log.printf("features ready for %d examples in %d ms%n", train.size(), ms(started));

    Map<String, TextClassifier> byName = new LinkedHashMap<>();
    List<MlpWeights> networks = new ArrayList<>();
    for (int m = 0; m < Math.max(1, config.members()); m++) {
      // members differ only in their seed: initial weights, example order, dropped features
      MlpWeights network =
          trainNetwork(
              features, labels, config.seed() + 1_000_003L * m, validationScore, started, m == 0);
      if (network == null) {
        log.printf("time box of %s reached: averaging %d networks%n", config.maxTime(), m);
        break;
      }
      networks.add(network);
      byName.put("network " + (m + 1), network.quantised());
    }
    if (networks.size() == 1) {
      return new Trained(byName.get("network 1"), byName);
    }
    double[] equal = new double[networks.size()];
    java.util.Arrays.fill(equal, 1.0 / networks.size());
    return new Trained(EnsembleFolding.fold(networks, equal).quantised(), byName);
  }

  /**
   * One network; after each epoch scores it with {@code validationScore} and keeps the best. When
   * the time box ends it before its first epoch is complete, returns the partly trained weights if
   * {@code partialIfCut} (the first network: better than nothing), else null.
   */
  private MlpWeights trainNetwork(
      int[][] features,
      int[] labels,
      long seed,
      ToDoubleFunction<TextClassifier> validationScore,
      long started,
      boolean partialIfCut) {
    Random random = new Random(seed);
    Engine engine = Engine.getEngine("PyTorch");
    int buckets = config.buckets();
    int dim = config.dim();
    int hidden = config.hidden();
    MlpWeights best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    // The embedding lives in Java arrays and only the rows of the batch go to the engine: a dense
    // update of all buckets x dim weights per step costs ~10x more than the rest of the step.
    float[] emb = new float[buckets * dim];
    for (int i = 0; i < emb.length; i++) {
      // a small initial scale keeps features never seen in training close to neutral
      emb[i] = (float) random.nextGaussian() * config.initScale();
    }
    SparseAdam embAdam = new SparseAdam(emb, dim, config.learningRate(), config.weightDecay());
    int[] localRow = new int[buckets];
    java.util.Arrays.fill(localRow, -1);
    try (NDManager manager = engine.newBaseManager(Device.cpu())) {
      engine.setRandomSeed((int) seed);
      NDArray w1 =
          manager.randomNormal(
              0f, (float) Math.sqrt(2.0 / dim), new Shape(dim, hidden), DataType.FLOAT32);
      NDArray b1 = manager.zeros(new Shape(hidden));
      NDArray w2 =
          manager.randomNormal(
              0f,
              (float) Math.sqrt(1.0 / hidden),
              new Shape(hidden, TextClassifier.CLASSES),
              DataType.FLOAT32);
      NDArray b2 = manager.zeros(new Shape(TextClassifier.CLASSES));
      NDArray[] params = {w1, b1, w2, b2};
      String[] names = {"w1", "b1", "w2", "b2"};
      for (NDArray p : params) {
        p.setRequiresGradient(true);
      }
      Optimizer adam =
          Optimizer.adam()
              .optLearningRateTracker(Tracker.fixed(config.learningRate()))
              .optWeightDecays(config.weightDecay())
              .build();
      float[] classWeight = classWeights(labels);
      log.printf(
          "class weights neither %.3f  offensive %.3f  hate %.3f%n",
          classWeight[0], classWeight[1], classWeight[2]);

      int[] order = new int[features.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      outer:
      for (int epoch = 1; epoch <= config.epochs(); epoch++) {
        shuffle(order, random);
        double lossSum = 0;
        int batches = 0;
        for (int from = 0; from < order.length; from += config.batchSize()) {
          if (timeBoxReached(started)) {
            log.printf(
                "time box of %s reached in epoch %d after %d of %d examples%n",
                config.maxTime(), epoch, from, order.length);
            if (best == null && partialIfCut) {
              // nothing complete yet: the partly trained weights are still the best we have
              best = export(emb, w1, b1, w2, b2);
            }
            break outer;
          }
          int to = Math.min(order.length, from + config.batchSize());
          int b = to - from;
          List<int[]> rows = new ArrayList<>(b);
          int maxLen = 1;
          int[] batchRows = new int[0];
          int used = 0;
          for (int k = from; k < to; k++) {
            int[] f = dropout(features[order[k]], random);
            rows.add(f);
            maxLen = Math.max(maxLen, f.length);
            for (int v : f) {
              if (localRow[v] < 0) {
                if (used == batchRows.length) {
                  batchRows = java.util.Arrays.copyOf(batchRows, Math.max(256, used * 2));
                }
                localRow[v] = used;
                batchRows[used++] = v;
              }
            }
          }
          // local row `used` is the padding row: zeros, mask weight zero
          float[] sub = new float[(used + 1) * dim];
          for (int r = 0; r < used; r++) {
            System.arraycopy(emb, batchRows[r] * dim, sub, r * dim, dim);
          }
          long[] idx = new long[b * maxLen];
          float[] mask = new float[b * maxLen];
          float[] target = new float[b * TextClassifier.CLASSES];
          for (int r = 0; r < b; r++) {
            int[] f = rows.get(r);
            for (int c = 0; c < maxLen; c++) {
              idx[r * maxLen + c] = c < f.length ? localRow[f[c]] : used;
              mask[r * maxLen + c] = c < f.length ? 1f / f.length : 0f;
            }
            int label = labels[order[from + r]];
            target[r * TextClassifier.CLASSES + label] = classWeight[label];
          }
          float[] subGrad;
          try (NDManager step = manager.newSubManager();
              GradientCollector gc = engine.newGradientCollector()) {
            NDArray subA = step.create(sub, new Shape(used + 1, dim));
            subA.setRequiresGradient(true);
            NDArray idxA = step.create(idx);
            NDArray maskA = step.create(mask, new Shape(b, maxLen, 1));
            NDArray x = subA.get(idxA).reshape(b, maxLen, dim).mul(maskA).sum(new int[] {1});
            NDArray h = x.matMul(w1).add(b1).maximum(0f);
            NDArray logp = h.matMul(w2).add(b2).logSoftmax(1);
            NDArray loss =
                logp.mul(step.create(target, new Shape(b, TextClassifier.CLASSES)))
                    .sum()
                    .neg()
                    .div(b);
            gc.backward(loss);
            lossSum += loss.getFloat();
            batches++;
            subGrad = subA.getGradient().toFloatArray();
          }
          embAdam.update(batchRows, used, subGrad);
          for (int r = 0; r < used; r++) {
            localRow[batchRows[r]] = -1;
          }
          for (int p = 0; p < params.length; p++) {
            NDArray grad = params[p].getGradient();
            adam.update(names[p], params[p], grad);
            grad.subi(grad);
          }
        }
        MlpWeights candidate = export(emb, w1, b1, w2, b2);
        double score = validationScore.applyAsDouble(candidate.quantised());
        log.printf(
            "epoch %d  loss %.4f  validation %.4f  (%d s)%n",
            epoch, lossSum / Math.max(1, batches), score, ms(started) / 1000);
        if (score > bestScore) {
          bestScore = score;
          best = candidate;
        }
      }
    }
    return best;
  }

  /**
   * Adam over the embedding rows a batch touched only ("lazy" Adam): rows of features absent from
   * the batch keep their weights and moments. The bias correction uses the global step count.
   */
  private static final class SparseAdam {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final float[] weights;
    private final float[] m;
    private final float[] v;
    private final int dim;
    private final float learningRate;
    private final float weightDecay;
    private int steps;

    SparseAdam(float[] weights, int dim, float learningRate, float weightDecay) {
      this.weights = weights;
      this.m = new float[weights.length];
      this.v = new float[weights.length];
      this.dim = dim;
      this.learningRate = learningRate;
      this.weightDecay = weightDecay;
    }

    void update(int[] rows, int count, float[] grad) {
      steps++;
      double correction1 = 1 - Math.pow(BETA1, steps);
      double correction2 = 1 - Math.pow(BETA2, steps);
      float stepSize = (float) (learningRate * Math.sqrt(correction2) / correction1);
      for (int r = 0; r < count; r++) {
        int base = rows[r] * dim;
        for (int d = 0; d < dim; d++) {
          int i = base + d;
          float g = grad[r * dim + d] + weightDecay * weights[i];
          m[i] = BETA1 * m[i] + (1 - BETA1) * g;
          v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
          weights[i] -= stepSize * m[i] / ((float) Math.sqrt(v[i]) + EPSILON);
        }
      }
    }
  }

  /**
   * Loss weight per class: 1 for all, or with {@link Config#classBalance()} the inverse square root
   * of the class's frequency scaled to a mean weight of 1 over the examples, so rare classes (hate
   * is 3% of the combined data) count more without one example outweighing dozens.
   */
  private float[] classWeights(int[] labels) {
    float[] w = {1f, 1f, 1f};
    if (!config.classBalance()) {
      return w;
    }
    long[] count = new long[TextClassifier.CLASSES];
    for (int l : labels) {
      count[l]++;
    }
    double weighted = 0;
    for (int c = 0; c < w.length; c++) {
      w[c] = count[c] == 0 ? 0f : (float) (1.0 / Math.sqrt(count[c]));
      weighted += w[c] * count[c];
    }
    float norm = (float) (labels.length / weighted);
    for (int c = 0; c < w.length; c++) {
      w[c] *= norm;
    }
    return w;
  }

  private boolean timeBoxReached(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos).compareTo(config.maxTime()) > 0;
  }

  private MlpWeights export(float[] emb, NDArray w1, NDArray b1, NDArray w2, NDArray b2) {
    return new MlpWeights(
        config.buckets(),
        config.dim(),
        config.hidden(),
        emb.clone(),
        w1.toFloatArray(),
        b1.toFloatArray(),
        w2.toFloatArray(),
        b2.toFloatArray());
  }

  private int[] dropout(int[] f, Random random) {
    if (config.featureDropout() <= 0 || f.length <= 2) {
      return f;
    }
    int[] kept = new int[f.length];
    int n = 0;
    for (int v : f) {
      if (random.nextFloat() >= config.featureDropout()) {
        kept[n++] = v;
      }
    }
    if (n == 0) {
      kept[n++] = f[random.nextInt(f.length)];
    }
    return java.util.Arrays.copyOf(kept, n);
  }

  private static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static long ms(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
