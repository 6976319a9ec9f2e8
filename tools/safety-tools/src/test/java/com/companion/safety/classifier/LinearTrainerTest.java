package com.companion.safety.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.safety.evaluation.ClassifierEvaluation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer learns a toy task, keeps the iteration validation rates best, and the file keeps it.
 */
class LinearTrainerTest {

  @TempDir Path dir;

  @Test
  void learnsAToyTaskAndRoundTripsThroughTheModelFile() throws Exception {
    List<LabelledText> data = toyData();
    TextClassifier model =
        trainer(100).train(data, m -> ClassifierEvaluation.run(m, data).binary().accuracy());
    assertThat(ClassifierEvaluation.run(model, data).binary().accuracy()).isGreaterThan(0.9);
    assertThat(model.score("you stupid idiot").abusive()).isGreaterThan(0.5);
    assertThat(model.score("今天天气真好").abusive()).isLessThan(0.5);

    Path file = dir.resolve("m.bin.gz");
    model.write(file);
    TextClassifier loaded = TextClassifier.load(file);
    assertThat(loaded.score("you stupid idiot")).isEqualTo(model.score("you stupid idiot"));
    assertThat(loaded.buckets()).isEqualTo(1 << 12);
  }

  @Test
  void keepsTheIterationThatValidationRatesBestNotTheLast() {
    List<LabelledText> data = toyData();
    List<TextClassifier> rated = new ArrayList<>();
    // validation prefers the second iteration, then likes every later one less
    TextClassifier kept =
        trainer(5)
            .train(
                data,
                m -> {
                  rated.add(m);
                  return rated.size() == 2 ? 1 : -rated.size();
                });
    assertThat(rated).hasSize(5);
    assertThat(kept).isSameAs(rated.get(1));
    assertThat(kept.score("shut up loser 3")).isNotEqualTo(rated.get(4).score("shut up loser 3"));
  }

  private static LinearTrainer trainer(int iterations) {
    return new LinearTrainer(
        new LinearTrainer.Config(1 << 12, iterations, 1e-3, 1),
        new PrintStream(new ByteArrayOutputStream()));
  }

  private static List<LabelledText> toyData() {
    List<LabelledText> data = new ArrayList<>();
    String[] nice = {"what a lovely day", "thanks for the help", "我们一起学习吧", "今天天气真好"};
    String[] rude = {"you stupid idiot", "shut up loser", "你这个蠢货", "滚开垃圾"};
    for (int i = 0; i < 30; i++) {
      data.add(new LabelledText(nice[i % nice.length] + " " + i, 0));
      data.add(new LabelledText(rude[i % rude.length] + " " + i, 1));
    }
    return data;
  }
}
