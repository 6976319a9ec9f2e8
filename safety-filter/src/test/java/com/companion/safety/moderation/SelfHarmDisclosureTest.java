package com.companion.safety.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.auth.AgeGroup;
import com.companion.safety.TestEngines;
import com.companion.safety.policy.DefaultPolicies;
import com.companion.safety.policy.PolicyEvaluator;
import com.companion.safety.scoring.ModerationEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Disclosures of self-harm are signalled for support; figures of speech are not. */
class SelfHarmDisclosureTest {

  private static final ModerationEngine ENGINE = TestEngines.engine();
  private static final PolicyEvaluator EVALUATOR = new PolicyEvaluator(ENGINE);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "I want to kill myself",
        "I'm going to end my life tonight",
        "I don't want to be here anymore",
        "honestly everyone would be better off without me",
        "I wish I was dead",
        "sometimes I cut myself when it gets bad",
        "我想自杀",
        "我不想活了",
        "活着好累，真的活不下去了",
        "没有我大家会更好吧",
        "我有时候会伤害自己"
      })
  void aDisclosureIsSignalledForEveryAgeGroup(String text) {
    for (AgeGroup age : AgeGroup.values()) {
      assertThat(
              EVALUATOR
                  .decide(text, ENGINE.moderate(text), DefaultPolicies.forAgeGroup(age))
                  .selfHarm())
          .as("%s (%s)", text, age)
          .isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "this homework is killing me",
        "笑死了",
        "I'm dying of laughter",
        "想死你了！什么时候回来？",
        "I could die of embarrassment, I want to die of embarrassment lol",
        "累死了，今天加班到十点",
        "that joke killed me",
        "we watched Suicide Squad last night"
      })
  void aFigureOfSpeechIsNot(String text) {
    for (AgeGroup age : AgeGroup.values()) {
      assertThat(
              EVALUATOR
                  .decide(text, ENGINE.moderate(text), DefaultPolicies.forAgeGroup(age))
                  .selfHarm())
          .as("%s (%s)", text, age)
          .isFalse();
    }
  }

  @org.junit.jupiter.api.Test
  void supportIsInTheWritersLanguageAndSetPerProduct() {
    SupportDirectory directory =
        new SupportDirectory(
            Map.of(
                "talkie",
                Map.of("en", new SupportText(null, null, List.of("Talkie care line 0800 000")))));

    SupportiveReply zh = directory.forText("glow", "我不想活了");
    SupportiveReply en = directory.forText("glow", "I want to die");
    SupportiveReply talkie = directory.forText("talkie", "I want to die");

    assertThat(zh.locale()).isEqualTo("zh");
    assertThat(zh.message()).containsPattern("\\p{IsHan}");
    assertThat(zh.checkIn()).containsPattern("\\p{IsHan}");
    assertThat(zh.resources()).anyMatch(line -> line.contains("400-161-9995"));
    assertThat(en.locale()).isEqualTo("en");
    assertThat(en.resources()).anyMatch(line -> line.contains("988"));
    assertThat(talkie.resources()).containsExactly("Talkie care line 0800 000");
    assertThat(talkie.checkIn()).isEqualTo(en.checkIn());
  }
}
