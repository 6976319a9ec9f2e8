package com.companion.safety.classifier;

import com.companion.safety.classifier.TextClassifier.Features;
import com.companion.safety.classifier.internal.FeatureHasher;
import com.companion.safety.normalize.TextNormalizer;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Trains {@link TextClassifier}: a multinomial logistic regression on the messages' features
 * ({@link Features}), the mean cross-entropy plus an L2 penalty on the weights, minimised with
 * L-BFGS over the whole training set.
 *
 * <p>The penalty keeps the weight of an n-gram that only a few training messages share small, so
 * the model leans on what many messages have in common. Every {@code checkEvery} iterations the
 * model is rated on the validation data and the best one is kept, so how long to train is chosen by
 * that data, as the penalty is by the caller.
 */
public final class LinearTrainer {

  /**
   * @param buckets hashed feature buckets
   * @param iterations the most L-BFGS iterations
   * @param l2 the penalty: {@code l2 / 2} times the squared weights, beside the mean loss
   * @param checkEvery iterations between two ratings on the validation data
   */
  public record Config(int buckets, int iterations, double l2, int checkEvery) {

    // the shipped settings but the penalty, which a run chooses among PENALTIES
    public static final int BUCKETS = 1 << 18;
    public static final int ITERATIONS = 200;
    public static final int CHECK_EVERY = 25;
  }

  /**
   * The penalties a training run tries, one fit each, when none is named: validation chooses among
   * them (the shipped classifier's came out at 3e-6 or 1e-5 depending on the held-out data).
   */
  public static final List<Double> PENALTIES = List.of(1e-6, 3e-6, 1e-5, 3e-5);

  private static final int C = TextClassifier.CLASSES;
  private static final int MEMORY = 7;

  private final Config config;
  private final PrintStream log;

  public LinearTrainer(Config config, PrintStream log) {
    if (config.buckets() < 1 || config.iterations() < 1 || config.checkEvery() < 1) {
      throw new IllegalArgumentException("buckets, iterations and checkEvery must be at least 1");
    }
    if (!(config.l2() >= 0)) {
      throw new IllegalArgumentException("l2 must not be negative");
    }
    this.config = config;
    this.log = log;
  }

  /**
   * The classifier that {@code validationScore} (higher is better) rates best among those rated
   * along the way and the last one.
   *
   * @throws IllegalArgumentException when there is nothing to train on
   */
  public TextClassifier train(
      List<LabelledText> train, ToDoubleFunction<TextClassifier> validationScore) {
    if (train.isEmpty()) {
      throw new IllegalArgumentException("no training messages");
    }
    long started = System.nanoTime();
    Problem problem = Problem.of(train, config.buckets(), config.l2());
    log.printf("features of %d messages ready in %d ms%n", train.size(), ms(started));

    double[] w = new double[problem.size()];
    double[] g = new double[w.length];
    double loss = problem.evaluate(w, g);
    Deque<double[][]> history = new ArrayDeque<>();
    TextClassifier best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    int bestIteration = 0;
    for (int it = 1; it <= config.iterations(); it++) {
      double[] d = direction(g, history);
      double slope = dot(g, d);
      if (slope >= 0) {
        // not a descent direction (the curvature pairs went stale): start again from the gradient
        history.clear();
        d = negate(g);
        slope = dot(g, d);
      }
      double step = it == 1 ? 1 / Math.sqrt(dot(g, g)) : 1;
      double[] next = new double[w.length];
      double[] nextG = new double[w.length];
      double nextLoss;
      while (true) {
        for (int k = 0; k < w.length; k++) {
          next[k] = w[k] + step * d[k];
        }
        nextLoss = problem.evaluate(next, nextG);
        if (nextLoss <= loss + 1e-4 * step * slope || step < 1e-10) {
          break;
        }
        step /= 2;
      }
      double[] s = new double[w.length];
      double[] y = new double[w.length];
      for (int k = 0; k < w.length; k++) {
        s[k] = next[k] - w[k];
        y[k] = nextG[k] - g[k];
      }
      if (dot(s, y) > 1e-12) {
        history.addLast(new double[][] {s, y});
        if (history.size() > MEMORY) {
          history.removeFirst();
        }
      }
      boolean converged = loss - nextLoss < 1e-9 * Math.max(1, Math.abs(loss));
      w = next;
      g = nextG;
      loss = nextLoss;
      if (it % config.checkEvery() == 0 || it == config.iterations() || converged) {
        TextClassifier candidate = problem.classifier(w);
        double score = validationScore.applyAsDouble(candidate);
        log.printf(
            "iteration %d: loss %.4f, validation %.4f (%d ms)%n", it, loss, score, ms(started));
        if (score > bestScore) {
          bestScore = score;
          best = candidate;
          bestIteration = it;
        }
      }
      if (converged) {
        break;
      }
    }
    log.printf("kept iteration %d (validation %.4f)%n", bestIteration, bestScore);
    return best;
  }

  /** The L-BFGS direction: minus the inverse Hessian, as the kept pairs estimate it, times g. */
  private static double[] direction(double[] g, Deque<double[][]> history) {
    double[] q = g.clone();
    int m = history.size();
    double[] alpha = new double[m];
    double[] rho = new double[m];
    double[][][] pairs = history.toArray(new double[0][][]);
    for (int i = m - 1; i >= 0; i--) {
      rho[i] = 1 / dot(pairs[i][1], pairs[i][0]);
      alpha[i] = rho[i] * dot(pairs[i][0], q);
      axpy(-alpha[i], pairs[i][1], q);
    }
    if (m > 0) {
      double[] s = pairs[m - 1][0];
      double[] y = pairs[m - 1][1];
      double gamma = dot(s, y) / dot(y, y);
      for (int k = 0; k < q.length; k++) {
        q[k] *= gamma;
      }
    }
    for (int i = 0; i < m; i++) {
      double beta = rho[i] * dot(pairs[i][1], q);
      axpy(alpha[i] - beta, pairs[i][0], q);
    }
    return negate(q);
  }

  /** The training messages as features, and the penalised loss of a weight vector. */
  private record Problem(Features[] x, int[] labels, int buckets, double l2) {

    static Problem of(List<LabelledText> train, int buckets, double l2) {
      Features[] x = new Features[train.size()];
      int[] labels = new int[train.size()];
      FeatureHasher hasher = new FeatureHasher(buckets);
      for (int i = 0; i < x.length; i++) {
        String canonical =
            TextNormalizer.get().canonical(TextClassifier.stripNoise(train.get(i).text()));
        x[i] = Features.of(canonical, hasher);
        labels[i] = train.get(i).label();
      }
      return new Problem(x, labels, buckets, l2);
    }

    /** Weights ({@code buckets x C}) then the C biases. */
    int size() {
      return buckets * C + C;
    }

    /** The mean cross-entropy plus the penalty at {@code w}; its gradient into {@code grad}. */
    double evaluate(double[] w, double[] grad) {
      java.util.Arrays.fill(grad, 0);
      int biases = buckets * C;
      double loss = 0;
      double[] p = new double[C];
      double n = x.length;
      for (int i = 0; i < x.length; i++) {
        Features xi = x[i];
        for (int c = 0; c < C; c++) {
          p[c] = w[biases + c];
        }
        for (int f = 0; f < xi.size(); f++) {
          int base = xi.buckets()[f] * C;
          for (int c = 0; c < C; c++) {
            p[c] += xi.values()[f] * w[base + c];
          }
        }
        TextClassifier.softmax(p);
        loss -= Math.log(Math.max(p[labels[i]], 1e-300));
        for (int c = 0; c < C; c++) {
          double e = (p[c] - (c == labels[i] ? 1 : 0)) / n;
          grad[biases + c] += e;
          for (int f = 0; f < xi.size(); f++) {
            grad[xi.buckets()[f] * C + c] += e * xi.values()[f];
          }
        }
      }
      double penalty = 0;
      for (int k = 0; k < biases; k++) {
        penalty += w[k] * w[k];
        grad[k] += l2 * w[k];
      }
      return loss / n + l2 / 2 * penalty;
    }

    TextClassifier classifier(double[] w) {
      float[] weights = new float[buckets * C];
      for (int k = 0; k < weights.length; k++) {
        weights[k] = (float) w[k];
      }
      float[] bias = new float[C];
      for (int c = 0; c < C; c++) {
        bias[c] = (float) w[buckets * C + c];
      }
      return TextClassifier.fromWeights(weights, bias);
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int k = 0; k < x.length; k++) {
      y[k] += a * x[k];
    }
  }

  private static double[] negate(double[] a) {
    double[] r = new double[a.length];
    for (int k = 0; k < a.length; k++) {
      r[k] = -a[k];
    }
    return r;
  }

  private static long ms(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }
}
