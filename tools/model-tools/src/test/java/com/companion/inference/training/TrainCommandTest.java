package com.companion.inference.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fixed seed gives the same run, and a resumed run ends where an unbroken one does. */
class TrainCommandTest {

  @TempDir Path dir;

  private Path corpus() throws Exception {
    String[] speakers = {"ROMEO", "JULIET", "NURSE", "MERCUTIO"};
    String[] lines = {
      "But soft, what light through yonder window breaks?",
      "O Romeo, Romeo, wherefore art thou Romeo?",
      "Now, by my maidenhead at twelve year old, I bade her come.",
      "A plague on both your houses! They have made worms' meat of me."
    };
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      script.append(speakers[i % 4]).append(":\n").append(lines[(i * 3) % 4]).append("\n\n");
    }
    Path file = dir.resolve("play.txt");
    Files.writeString(file, script);
    return file;
  }

  private static String[] args(Path corpus, Path out, String... extra) {
    List<String> base =
        new java.util.ArrayList<>(
            List.of(
                "--corpus",
                corpus.toString(),
                "--out",
                out.toString(),
                "--steps",
                "3",
                "--batch",
                "2",
                "--seq-len",
                "64",
                "--eval-every",
                "2",
                "--vocab",
                "300",
                "--hidden",
                "32",
                "--intermediate",
                "32",
                "--layers",
                "1",
                "--heads",
                "2",
                "--kv-heads",
                "1",
                "--experts",
                "4",
                "--top-k",
                "2",
                "--seed",
                "5"));
    base.addAll(List.of(extra));
    return base.toArray(new String[0]);
  }

  @Test
  void sameSeedSameWeightsAndResumingContinuesExactly() throws Exception {
    Path corpus = corpus();
    Path straight = dir.resolve("straight");
    Path again = dir.resolve("again");
    Path resumed = dir.resolve("resumed");
    TrainCommand.run(TrainCommand.options(args(corpus, straight)), "test");
    TrainCommand.run(TrainCommand.options(args(corpus, again)), "test");
    TrainCommand.run(TrainCommand.options(args(corpus, resumed, "--stop-after", "2")), "test");
    TrainCommand.run(TrainCommand.options(args(corpus, resumed, "--resume", "true")), "test");

    byte[] expected = Files.readAllBytes(straight.resolve("model.safetensors"));
    assertArrayEquals(expected, Files.readAllBytes(again.resolve("model.safetensors")));
    assertArrayEquals(expected, Files.readAllBytes(resumed.resolve("model.safetensors")));
    List<String> curve = Files.readAllLines(resumed.resolve("loss_curve.csv"));
    assertEquals(4, curve.size());
    assertTrue(Files.exists(resumed.resolve("loss_curve.png")));
    assertTrue(Files.exists(resumed.resolve("tokenizer.json")));
  }
}
