package com.companion.safety.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.companion.contracts.auth.AgeGroup;
import com.companion.safety.TestEngines;
import com.companion.safety.moderation.Action;
import com.companion.safety.moderation.Category;
import com.companion.safety.moderation.Hit;
import com.companion.safety.policy.CategoryRule;
import com.companion.safety.policy.DefaultPolicies;
import com.companion.safety.policy.Policy;
import com.companion.safety.policy.PolicyEvaluator;
import com.companion.safety.scoring.ModerationEngine;
import java.util.List;
import java.util.Random;
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
  void ordinaryTextIsReleasedRightAwayWithItsLastPlainWord() {
    ModerationStream s = stream(AgeGroup.MINOR);
    // a reply's first token: shown at once, not after the next one
    assertThat(s.push("Hello").released()).isEqualTo("Hello");
    StreamVerdict v = s.push(" there, dear ");
    assertThat(v.released()).isEqualTo(" there, dear");
    assertThat(v.action()).isEqualTo(Action.ALLOW);
    StreamVerdict last = s.push("friend of mine");
    assertThat(last.released()).isEqualTo(" friend of mine");
    assertThat(s.close().released()).isEmpty();
  }

  @Test
  void aLastWordWithDigitsSymbolsOrOtherScriptsWaitsForItsEnd() {
    // leetspeak and look-alikes are read per word: the next chunk may change what it says
    for (String word : List.of("w0rld", "h€llo", "wоrld")) {
      ModerationStream s = stream(AgeGroup.MINOR);
      assertThat(s.push("Hello " + word).released()).as(word).isEqualTo("Hello ");
      assertThat(s.push(" and").released()).as(word).isEqualTo(word + " and");
    }
  }

  @Test
  void noTermOfTheWholeReplyIsEverShownAsWrittenWhateverItsChunks() {
    ModerationEngine engine = TestEngines.engine();
    PolicyEvaluator evaluator = new PolicyEvaluator(engine);
    Policy policy = DefaultPolicies.forAgeGroup(AgeGroup.MINOR);
    List<String> terms =
        engine.lexicon().terms().stream()
            .map(t -> t.term().replace("*", ""))
            .filter(t -> !t.isBlank())
            .toList();
    List<String> words =
        List.of(
            "hello",
            "there",
            "class",
            "mine",
            "tail",
            "assume",
            "dear",
            "shell",
            "grass",
            "kind",
            "I",
            "a",
            "we",
            "skill",
            "fun",
            "cocktail",
            "你好",
            "朋友",
            "今天");
    List<String> joins = List.of(" ", " ", " ", "", ", ", ". ", "-");
    Random random = new Random(20261202);
    int withTerms = 0;
    for (int run = 0; run < 4_000; run++) {
      StringBuilder reply = new StringBuilder();
      int pieces = 2 + random.nextInt(6);
      for (int p = 0; p < pieces; p++) {
        if (p > 0) {
          reply.append(joins.get(random.nextInt(joins.size())));
        }
        List<String> from = random.nextInt(4) == 0 ? terms : words;
        String piece = from.get(random.nextInt(from.size()));
        reply.append(random.nextBoolean() ? piece : capitalised(piece));
      }
      ModerationStream s = new ModerationStream(engine, evaluator, policy, selfHarm -> "REPLACED");
      StringBuilder shown = new StringBuilder();
      for (int at = 0; at < reply.length() && !s.isStopped(); ) {
        int to = Math.min(reply.length(), at + 1 + random.nextInt(6));
        shown.append(s.push(reply.substring(at, to)).released());
        at = to;
      }
      if (!s.isStopped()) {
        shown.append(s.close().released());
      }

      // every term of what the model sent that the policy masks or blocks on its own: none of its
      // letters was shown as written (masked, or never released)
      String received = s.receivedText();
      for (Hit hit : engine.moderate(received).hits()) {
        if (!hit.source().equals("lexicon")
            || !hiddenByItself(policy, hit, engine.lexicon().weightOf(hit))) {
          continue;
        }
        withTerms++;
        for (int j = hit.start(); j < Math.min(hit.end(), shown.length()); j++) {
          if (Character.isLetter(received.charAt(j))) {
            assertThat(shown.charAt(j))
                .as("%s shown as \"%s\" (term %s)", received, shown, hit.term())
                .isNotEqualTo(received.charAt(j));
          }
        }
      }
    }
    assertThat(withTerms).isGreaterThan(500);
  }

  private static boolean hiddenByItself(Policy policy, Hit hit, double weight) {
    CategoryRule own = policy.rule(hit.category());
    if (own != null && (own.redact() || (own.blockAt() != null && weight >= own.blockAt()))) {
      return true;
    }
    Category parent = hit.category().parent();
    CategoryRule up = parent == null ? null : policy.rule(parent);
    return up != null && !up.redact() && up.blockAt() != null && weight >= up.blockAt();
  }

  private static String capitalised(String word) {
    return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
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
