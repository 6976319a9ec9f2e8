package com.companion.safety.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.companion.contracts.auth.AgeGroup;
import com.companion.safety.TestEngines;
import com.companion.safety.moderation.Action;
import com.companion.safety.policy.DefaultPolicies;
import com.companion.safety.policy.PolicyEvaluator;
import org.junit.jupiter.api.Test;

class ModerationStreamTest {

  private ModerationStream stream(AgeGroup age) {
    var engine = TestEngines.engine();
    return new ModerationStream(
        engine,
        new PolicyEvaluator(engine),
        DefaultPolicies.forAgeGroup(age),
        selfHarm -> selfHarm ? "SUPPORT" : "REPLACED");
  }

  @Test
  void ordinaryTextIsReleasedRightAwayExceptTheUnfinishedLastWord() {
    ModerationStream s = stream(AgeGroup.MINOR);
    StreamVerdict v = s.push("Hello there, dear ");
    assertThat(v.released()).isEqualTo("Hello there, dear");
    assertThat(v.action()).isEqualTo(Action.ALLOW);
    StreamVerdict last = s.push("friend of mine");
    assertThat(last.released()).isEqualTo(" friend of ");
    assertThat(s.close().released()).isEqualTo("mine");
  }

  @Test
  void chineseTextWithoutPendingTermIsReleasedWhole() {
    ModerationStream s = stream(AgeGroup.MINOR);
    assertThat(s.push("今天天气很好").released()).isEqualTo("今天天气很好");
  }

  @Test
  void aTermSplitAcrossChunksIsCaughtBeforeAnyOfItIsShown() {
    ModerationStream s = stream(AgeGroup.MINOR);
    StreamVerdict first = s.push("我想说你是傻");
    assertThat(first.released()).isEqualTo("我想说你是");
    assertThat(first.heldBack()).isEqualTo(1);
    StreamVerdict second = s.push("逼，真的");
    // minors: the insult is masked, never shown
    assertThat(second.released()).doesNotContain("傻").doesNotContain("逼");
    assertThat(second.action()).isIn(Action.REDACT, Action.BLOCK);
  }

  @Test
  void anEnglishThreatSplitAcrossChunksStopsTheStream() {
    ModerationStream s = stream(AgeGroup.ADULT);
    StreamVerdict a = s.push("Listen. I will ki");
    assertThat(a.released()).isEqualTo("Listen. ");
    StreamVerdict b = s.push("ll you tonight");
    assertThat(b.stopped()).isTrue();
    assertThat(b.replacement()).isEqualTo("REPLACED");
    assertThat(s.receivedText().substring(0, s.releasedLength())).doesNotContain("kill");
    assertThatThrownBy(() -> s.push("more")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void separatorsAtTheEndOfAChunkAreHeldBecauseTheNextChunkMayGlueThem() {
    ModerationStream s = stream(AgeGroup.MINOR);
    StreamVerdict a = s.push("you f.");
    assertThat(a.released()).isEqualTo("you ");
    StreamVerdict b = s.push("u.c.k off");
    assertThat(b.released()).doesNotContain("f.u.c.k");
  }

  @Test
  void selfHarmStopsWithASupportiveReplacementForMinors() {
    ModerationStream s = stream(AgeGroup.MINOR);
    StreamVerdict v = s.push("I want to die ");
    assertThat(v.stopped()).isTrue();
    assertThat(v.replacement()).isEqualTo("SUPPORT");
  }

  @Test
  void holdBackNeverExceedsTheDocumentedMaximum() {
    ModerationStream s = stream(AgeGroup.ADULT);
    String word = "a".repeat(200);
    StreamVerdict v = s.push(word);
    assertThat(v.heldBack()).isLessThanOrEqualTo(ModerationStream.MAX_HOLD_BACK_CHARS);
  }
}
