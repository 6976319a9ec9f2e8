package com.companion.safety.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.auth.AgeGroup;
import com.companion.safety.classifier.LabelledText;
import com.companion.safety.classifier.TextClassifier;
import com.companion.safety.lexicon.LexiconMatcher;
import com.companion.safety.lexicon.SeedLexicon;
import com.companion.safety.moderation.Action;
import com.companion.safety.policy.DefaultPolicies;
import com.companion.safety.policy.PolicyEvaluator;
import com.companion.safety.scoring.ModerationEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pipeline's figures count what the policy does, not only what the classifier says. */
class PipelineEvaluationTest {

  /** A classifier that finds nothing, so every flag comes from the lexicon and the policy. */
  private static final TextClassifier QUIET =
      TextClassifier.fromWeights(new float[12], new float[] {8f, -8f, -8f});

  @Test
  void aLexiconHitTheClassifierMissedCountsAsFlagged() {
    LexiconMatcher lexicon = LexiconMatcher.of(SeedLexicon.load(), 1);
    ModerationEngine engine = new ModerationEngine(() -> lexicon, QUIET);
    List<LabelledText> rows =
        List.of(
            new LabelledText("你这个傻逼，滚", 1),
            new LabelledText("you are kind of annoying today", 1),
            new LabelledText("今天天气真好，我们去公园吧", 0),
            new LabelledText("thanks for the lovely evening", 0));

    PipelineEvaluation minors =
        PipelineEvaluation.run(
            engine, new PolicyEvaluator(engine), DefaultPolicies.forAgeGroup(AgeGroup.MINOR), rows);

    assertThat(minors.binary().count(1, 1)).isEqualTo(1);
    assertThat(minors.binary().count(1, 0)).isEqualTo(1);
    assertThat(minors.binary().count(0, 0)).isEqualTo(2);
    assertThat(minors.binary().accuracy()).isEqualTo(0.75);
    assertThat(minors.share(Action.ALLOW)).isEqualTo(0.75);
    assertThat(ClassifierEvaluation.run(QUIET, rows).binary().count(1, 1)).isZero();
  }
}
