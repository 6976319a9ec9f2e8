package com.companion.safety.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetyCommandsTest {

  @TempDir Path dir;

  private String run(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = SafetyCommands.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void evalReadsAColdStyleFileAndPrintsTheFigures() throws Exception {
    Path csv = dir.resolve("cold.csv");
    Files.writeString(
        csv,
        "\uFEFF,split,topic,label,TEXT\n"
            + "1,test,race,1,黑鬼都是垃圾，滚出去\n"
            + "2,test,region,0,\"今天去了成都，火锅很好吃，\"\"推荐\"\"\"\n"
            + "3,test,gender,0,\"女生学理科也很厉害\n真的\"\n"
            + "4,test,gender,1,女人就该待在家里，蠢货\n",
        StandardCharsets.UTF_8);
    String out = run("safety-eval", "--dataset", csv.toString(), "--format", "cold");
    assertThat(out).contains("4 rows").contains("accuracy").contains("precision");
    assertThat(out).contains("recall").contains("f1");
    assertThat(out).contains("whole pipeline").contains("adult").contains("minor");

    String gender =
        run(
            "safety-eval",
            "--dataset",
            csv.toString(),
            "--format",
            "cold",
            "--split",
            "topic:gender");
    assertThat(gender).contains("split topic:gender, 2 rows");
  }

  @Test
  void evalOfDavidsonAlsoPrintsTheThreeClasses() throws Exception {
    Path csv = dir.resolve("davidson.csv");
    Files.writeString(
        csv,
        ",count,hate_speech,offensive_language,neither,class,tweet\n"
            + "1,3,0,3,0,1,\"you are a stupid bitch\"\n"
            + "2,3,0,0,3,2,\"lovely weather for a walk in the park today\"\n"
            + "3,3,2,1,0,0,\"those people are animals and should go back\"\n",
        StandardCharsets.UTF_8);
    String out = run("safety-eval", "--dataset", csv.toString(), "--format", "davidson");
    assertThat(out)
        .contains("3 rows")
        .contains("three classes")
        .contains("hate")
        .contains("macro f1");
  }

  @Test
  void unknownFlagsAreAUsageError() {
    assertThat(
            SafetyCommands.run(
                new String[] {"safety-eval", "--format", "cold"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
        .isEqualTo(2);
  }
}
