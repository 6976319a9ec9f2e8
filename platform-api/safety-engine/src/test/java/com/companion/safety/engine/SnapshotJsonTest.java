package com.companion.safety.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.auth.AgeGroup;
import com.companion.safety.lexicon.LexiconTerm;
import com.companion.safety.moderation.Category;
import com.companion.safety.moderation.SupportText;
import com.companion.safety.policy.CategoryRule;
import com.companion.safety.policy.Policy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotJsonTest {

  private static SafetySnapshot snapshot(double weight) {
    return SnapshotJson.of(
        3,
        List.of(
            new LexiconTerm(Category.OFFENSIVE, "zh", "傻逼", weight),
            new LexiconTerm(Category.SELF_HARM_INTENT, "en", "kill myself", 0.9)),
        List.of(
            new Policy(
                "talkie",
                AgeGroup.MINOR,
                Map.of(
                    Category.SEXUAL,
                    CategoryRule.block(0.4, 0.2),
                    Category.OFFENSIVE,
                    CategoryRule.redact(null, 0.5)),
                4)),
        Map.of("talkie", Map.of("en", new SupportText(null, "Are you OK?", List.of("line 1")))),
        "abc");
  }

  @Test
  void whatIsWrittenReadsBackEqual() {
    SafetySnapshot written = snapshot(0.9);

    SafetySnapshot read = SnapshotJson.read(SnapshotJson.write(written));

    assertThat(read).isEqualTo(written);
  }

  @Test
  void theVersionFollowsTheContent() {
    assertThat(snapshot(0.9).version()).isEqualTo(snapshot(0.9).version());
    assertThat(snapshot(0.8).version()).isNotEqualTo(snapshot(0.9).version());
  }

  @Test
  void aStoredPolicyWinsOverTheBuiltInOne() {
    Moderator moderator =
        new Moderator(
            snapshot(0.9),
            com.companion.safety.classifier.TextClassifier.fromWeights(
                new float[12], new float[] {8f, -8f, -8f}));

    assertThat(moderator.policyFor("talkie", AgeGroup.MINOR).version()).isEqualTo(4);
    assertThat(moderator.policyFor("glow", AgeGroup.MINOR).version()).isZero();
    assertThat(moderator.check("I might kill myself", "talkie", AgeGroup.MINOR).support().checkIn())
        .isEqualTo("Are you OK?");
  }
}
