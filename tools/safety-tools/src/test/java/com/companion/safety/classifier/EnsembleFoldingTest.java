package com.companion.safety.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A folded ensemble is one network of the shipped format that scores like its members combined. */
class EnsembleFoldingTest {

  private static final int BUCKETS = 1 << 10;
  private static final String[] TEXTS = {
    "you stupid idiot", "what a lovely day", "你这个蠢货", "今天天气真好", "shut up loser 123"
  };

  @Test
  void foldedLogitsAreTheWeightedSumOfTheMembers() {
    MlpWeights a = random(4, 5, 1L, 1f);
    // a second member of another shape and a much larger embedding scale, so both the block
    // layout and the rescaling before quantisation are exercised
    MlpWeights b = random(3, 6, 2L, 20f);
    MlpWeights folded = EnsembleFolding.fold(List.of(a, b), new double[] {0.3, 0.7});

    assertThat(folded.dim()).isEqualTo(7);
    assertThat(folded.hidden()).isEqualTo(11);
    TextClassifier model = folded.quantised();
    TextClassifier first = a.quantised();
    TextClassifier second = b.quantised();
    for (String text : TEXTS) {
      double[] expected = softmax(weightedLogits(first, 0.3, second, 0.7, text));
      ClassifierScores s = model.score(text);
      assertThat(s.neither()).as(text).isCloseTo(expected[0], within(0.01));
      assertThat(s.offensive()).as(text).isCloseTo(expected[1], within(0.01));
      assertThat(s.hate()).as(text).isCloseTo(expected[2], within(0.01));
    }
  }

  private static double[] weightedLogits(
      TextClassifier a, double wa, TextClassifier b, double wb, String text) {
    ClassifierScores sa = a.score(text);
    ClassifierScores sb = b.score(text);
    // log-probabilities are the logits up to a constant, which softmax ignores
    return new double[] {
      wa * Math.log(sa.neither()) + wb * Math.log(sb.neither()),
      wa * Math.log(sa.offensive()) + wb * Math.log(sb.offensive()),
      wa * Math.log(sa.hate()) + wb * Math.log(sb.hate())
    };
  }

  private static double[] softmax(double[] z) {
    double max = Math.max(z[0], Math.max(z[1], z[2]));
    double[] e = new double[z.length];
    double sum = 0;
    for (int c = 0; c < z.length; c++) {
      e[c] = Math.exp(z[c] - max);
      sum += e[c];
    }
    for (int c = 0; c < z.length; c++) {
      e[c] /= sum;
    }
    return e;
  }

  private static MlpWeights random(int dim, int hidden, long seed, float embScale) {
    Random random = new Random(seed);
    float[] emb = gaussian(random, BUCKETS * dim, embScale);
    return new MlpWeights(
        BUCKETS,
        dim,
        hidden,
        emb,
        gaussian(random, dim * hidden, 1f / embScale * 3),
        gaussian(random, hidden, 0.5f),
        gaussian(random, hidden * TextClassifier.CLASSES, 1.5f),
        gaussian(random, TextClassifier.CLASSES, 0.5f));
  }

  private static float[] gaussian(Random random, int n, float scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) random.nextGaussian() * scale;
    }
    return a;
  }
}
