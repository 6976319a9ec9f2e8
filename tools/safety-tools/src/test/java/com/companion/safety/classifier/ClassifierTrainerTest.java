package com.companion.safety.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.safety.evaluation.ClassifierEvaluation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiny models trained with DJL learn a toy task and survive the file format. */
class ClassifierTrainerTest {

  @TempDir Path dir;

  @Test
  void trainsWithDjlAndRoundTripsThroughTheModelFile() throws Exception {
    List<LabelledText> data = toyData();
    TextClassifier model = train(data, 1).model();
    assertThat(ClassifierEvaluation.run(model, data).binary().accuracy()).isGreaterThan(0.9);

    Path file = dir.resolve("m.bin.gz");
    model.write(file);
    TextClassifier loaded = TextClassifier.load(file);
    assertThat(loaded.score("you stupid idiot").abusive())
        .isEqualTo(model.score("you stupid idiot").abusive());
  }

  @Test
  void shipsTheAveragedNetworksAsOneNetwork() throws Exception {
    List<LabelledText> data = toyData();
    ClassifierTrainer.Trained trained = train(data, 2);

    assertThat(trained.networks()).containsOnlyKeys("network 1", "network 2");
    // two networks of 8 dims side by side
    assertThat(trained.model().describe()).contains("x 16 dims").contains("hidden 16");
    // the members differ (their seeds do), so the average is neither of them
    String text = "shut up loser 3";
    double first = trained.networks().get("network 1").score(text).abusive();
    double second = trained.networks().get("network 2").score(text).abusive();
    assertThat(first).isNotEqualTo(second);
    assertThat(trained.model().score(text).abusive()).isNotEqualTo(first).isNotEqualTo(second);
    assertThat(ClassifierEvaluation.run(trained.model(), data).binary().accuracy())
        .isGreaterThan(0.9);

    Path file = dir.resolve("ensemble.bin.gz");
    trained.model().write(file);
    assertThat(TextClassifier.load(file).score(text).abusive())
        .isEqualTo(trained.model().score(text).abusive());
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

  private static ClassifierTrainer.Trained train(List<LabelledText> data, int members) {
    ClassifierTrainer.Config config =
        new ClassifierTrainer.Config(
            1 << 12, 8, 8, 8, 16, 0.05f, 0f, 0.1f, 0f, false, 1L, Duration.ofMinutes(2), members);
    return new ClassifierTrainer(config, new PrintStream(new ByteArrayOutputStream()))
        .train(data, m -> ClassifierEvaluation.run(m, data).binary().accuracy());
  }
}
