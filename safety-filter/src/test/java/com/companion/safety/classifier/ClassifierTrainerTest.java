package com.companion.safety.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.safety.evaluation.ClassifierEvaluation;
import com.companion.safety.evaluation.LabelledText;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny model trained with DJL learns a toy task and survives its file format. */
class ClassifierTrainerTest {

  @TempDir Path dir;

  @Test
  void trainsWithDjlAndRoundTripsThroughTheModelFile() throws Exception {
    List<LabelledText> data = new ArrayList<>();
    String[] nice = {"what a lovely day", "thanks for the help", "我们一起学习吧", "今天天气真好"};
    String[] rude = {"you stupid idiot", "shut up loser", "你这个蠢货", "滚开垃圾"};
    for (int i = 0; i < 30; i++) {
      data.add(new LabelledText(nice[i % nice.length] + " " + i, 0));
      data.add(new LabelledText(rude[i % rude.length] + " " + i, 1));
    }
    ClassifierTrainer.Config config =
        new ClassifierTrainer.Config(
            1 << 12, 8, 8, 8, 16, 0.05f, 0f, 0.1f, 0f, false, 1L, Duration.ofMinutes(2));
    TextClassifier model =
        new ClassifierTrainer(config, new PrintStream(new ByteArrayOutputStream()))
            .train(data, m -> ClassifierEvaluation.run(m, data).binary().accuracy());
    assertThat(ClassifierEvaluation.run(model, data).binary().accuracy()).isGreaterThan(0.9);

    Path file = dir.resolve("m.bin.gz");
    model.write(file);
    TextClassifier loaded = TextClassifier.load(file);
    assertThat(loaded.score("you stupid idiot").abusive())
        .isEqualTo(model.score("you stupid idiot").abusive());
  }
}
