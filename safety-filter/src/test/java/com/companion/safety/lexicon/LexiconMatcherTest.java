package com.companion.safety.lexicon;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.safety.moderation.Category;
import com.companion.safety.moderation.Hit;
import com.companion.safety.normalize.NormalizedText;
import com.companion.safety.normalize.TextNormalizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexiconMatcherTest {

  private final LexiconMatcher matcher =
      LexiconMatcher.of(
          List.of(
              new LexiconTerm(Category.OFFENSIVE, "zh", "傻逼", 0.9),
              new LexiconTerm(Category.OFFENSIVE, "en", "fuck*", 0.9),
              new LexiconTerm(Category.OFFENSIVE, "en", "ass", 0.8),
              new LexiconTerm(Category.HARASSMENT_THREATENING, "en", "i will kill you", 1.0)),
          3);

  private List<Hit> hits(String text) {
    return matcher.find(TextNormalizer.get().normalize(text));
  }

  @Test
  void findsTermsThroughEvasionsWithOriginalSpans() {
    String text = "你这个傻 * 逼";
    List<Hit> hits = hits(text);
    assertThat(hits).hasSize(1);
    assertThat(text.substring(hits.get(0).start(), hits.get(0).end())).isEqualTo("傻 * 逼");

    String en = "I W1LL k i l l YOU";
    assertThat(hits(en)).extracting(Hit::category).contains(Category.HARASSMENT_THREATENING);
  }

  @Test
  void latinTermsRespectWordBoundariesUnlessStarred() {
    assertThat(hits("a class act")).isEmpty();
    assertThat(hits("what an ass")).hasSize(1);
    assertThat(hits("FUCKING hell")).hasSize(1);
    assertThat(hits("unfucking")).isEmpty();
  }

  @Test
  void pendingPrefixIsTheLongestSuffixThatCanStillBecomeATerm() {
    assertThat(matcher.pendingPrefixLength("hello fu")).isEqualTo(2);
    assertThat(matcher.pendingPrefixLength("你是傻")).isEqualTo(1);
    assertThat(matcher.pendingPrefixLength("hello")).isZero();
    assertThat(matcher.pendingPrefixLength("i will ki")).isEqualTo(9);
  }

  @Test
  void normalisedTextKeepsOffsets() {
    NormalizedText t = TextNormalizer.get().normalize("ＦＵＣＫ");
    assertThat(t.text()).isEqualTo("fuck");
    assertThat(hits("ＦＵＣＫ")).hasSize(1);
  }
}
