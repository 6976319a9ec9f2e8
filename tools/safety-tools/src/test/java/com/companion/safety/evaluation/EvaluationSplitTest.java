package com.companion.safety.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.companion.safety.classifier.LabelledText;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationSplitTest {

  private static List<LabelledText> rows(String... topics) {
    List<LabelledText> out = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      out.add(new LabelledText("text number " + i, i % 2, topics[i % topics.length]));
    }
    return out;
  }

  @Test
  void aTopicSplitKeepsEveryRowOfThatTopicAndNoOther() {
    List<LabelledText> rows = rows("race", "region", "gender");
    List<LabelledText> gender = EvaluationSplit.parse("topic:Gender").select(rows);
    assertThat(gender).hasSize(100).allSatisfy(r -> assertThat(r.topic()).isEqualTo("gender"));
  }

  @Test
  void withoutATopicColumnTheTopicSplitIsTheHashHeldOutPart() {
    List<LabelledText> rows = rows("");
    assertThat(EvaluationSplit.parse("topic:race").select(rows))
        .isEqualTo(EvaluationSplit.parse("test").select(rows))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(Holdout.of(r.text())).isEqualTo(Holdout.TEST));
    assertThat(EvaluationSplit.parse("all").select(rows)).hasSize(300);
  }

  @Test
  void anUnknownSplitIsAUsageError() {
    assertThatThrownBy(() -> EvaluationSplit.parse("topic:"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EvaluationSplit.parse("official"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
