package com.companion.safety.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.auth.AgeGroup;
import com.companion.safety.TestEngines;
import com.companion.safety.moderation.Action;
import com.companion.safety.moderation.Category;
import com.companion.safety.scoring.ModerationEngine;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {

  private final ModerationEngine engine = TestEngines.engine();
  private final PolicyEvaluator evaluator = new PolicyEvaluator(engine);

  private PolicyDecision decide(String text, AgeGroup age) {
    return evaluator.decide(text, engine.moderate(text), DefaultPolicies.forAgeGroup(age));
  }

  @Test
  void minorsAreStricterThanAdults() {
    String romance = "we could have sex chat tonight";
    assertThat(decide(romance, AgeGroup.MINOR).action()).isEqualTo(Action.BLOCK);
    assertThat(decide(romance, AgeGroup.ADULT).action()).isNotEqualTo(Action.BLOCK);
  }

  @Test
  void sexualContentInvolvingMinorsBlocksForEveryone() {
    assertThat(decide("looking for jailbait pics", AgeGroup.ADULT).action())
        .isEqualTo(Action.BLOCK);
  }

  @Test
  void profanityIsRedactedAtTheRightCharacters() {
    PolicyDecision d = decide("that movie was f*cking great, ＦＵＣＫ yeah", AgeGroup.ADULT);
    assertThat(d.action()).isEqualTo(Action.REDACT);
    assertThat(d.redactedText()).contains("*******").contains("great").contains(" yeah");
    assertThat(d.redactedText()).doesNotContain("f*cking");
    assertThat(d.redactedText()).doesNotContain("ＦＵＣＫ");
  }

  @Test
  void personalDataIsRedacted() {
    PolicyDecision d = decide("add me: 138-1234-5678 or kid@example.com", AgeGroup.MINOR);
    assertThat(d.action()).isEqualTo(Action.REDACT);
    assertThat(d.triggered()).contains(Category.PERSONAL_DATA);
    assertThat(d.redactedText()).doesNotContain("5678").doesNotContain("example.com");
  }

  @Test
  void selfHarmIsSignalledForASupportiveReply() {
    PolicyDecision d = decide("我不想活了", AgeGroup.ADULT);
    assertThat(d.selfHarm()).isTrue();
    assertThat(d.action()).isIn(Action.FLAG_FOR_REVIEW, Action.BLOCK);
  }

  @Test
  void ordinaryChatIsAllowed() {
    assertThat(decide("你好，今天想聊聊学习计划", AgeGroup.MINOR).action()).isEqualTo(Action.ALLOW);
    assertThat(decide("Can you help me with my homework?", AgeGroup.MINOR).action())
        .isEqualTo(Action.ALLOW);
  }
}
