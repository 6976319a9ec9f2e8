package com.companion.safety.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

  private final TextNormalizer normalizer = TextNormalizer.get();

  private String n(String s) {
    return normalizer.canonical(s);
  }

  @Test
  void nfkcAndFullWidthBecomeHalfWidth() {
    assertThat(n("ＦＵＣＫ　ｙｏｕ")).isEqualTo("fuck you");
    assertThat(n("①②")).isEqualTo("12");
  }

  @Test
  void caseIsFolded() {
    assertThat(n("StUpId")).isEqualTo("stupid");
    assertThat(n("STRASSE")).isEqualTo(n("straße"));
  }

  @Test
  void traditionalChineseBecomesSimplified() {
    assertThat(n("傻逼黑鬼")).isEqualTo("傻逼黑鬼");
    assertThat(n("滾開，賤人")).isEqualTo("滚开贱人");
    assertThat(n("殺了你")).isEqualTo("杀了你");
  }

  @Test
  void zeroWidthAndFormatCharactersAreRemoved() {
    assertThat(n("id\u200Biot")).isEqualTo("idiot");
    assertThat(n("傻\u200D\uFEFF逼")).isEqualTo("傻逼");
    assertThat(n("ki\u00ADll")).isEqualTo("kill");
  }

  @Test
  void separatorsBetweenLettersAreRemoved() {
    assertThat(n("f.u.c.k")).isEqualTo("fuck");
    assertThat(n("f u c k you")).isEqualTo("fuck you");
    assertThat(n("f. u. c. k")).isEqualTo("fuck");
    assertThat(n("傻 逼")).isEqualTo("傻逼");
    assertThat(n("傻*逼")).isEqualTo("傻逼");
    assertThat(n("傻😀逼")).isEqualTo("傻逼");
    assertThat(n("傻，。逼")).isEqualTo("傻逼");
    assertThat(n("sh-it")).isEqualTo("shit");
    assertThat(n("you are nice")).isEqualTo("you are nice");
  }

  @Test
  void repeatedCharactersAreSquashed() {
    assertThat(n("fuuuuuck")).isEqualTo("fuck");
    assertThat(n("傻傻傻傻逼")).isEqualTo("傻逼");
    assertThat(n("kill")).isEqualTo("kill");
  }

  @Test
  void lookAlikesAndLeetspeakBecomeLatin() {
    assertThat(n("іdіоt")).isEqualTo("idiot"); // Cyrillic і and о
    assertThat(n("sh1t")).isEqualTo("shit");
    assertThat(n("@ss")).isEqualTo("ass");
    assertThat(n("h3ll0 world!")).isEqualTo("hello world!");
    assertThat(n("b!tch")).isEqualTo("bitch");
    assertThat(n("café")).isEqualTo("cafe");
    assertThat(n("call 911 now")).isEqualTo("call 911 now");
  }

  @Test
  void offsetsMapBackToTheOriginal() {
    String original = "you Ｆ.Ｕ.Ｃ.Ｋ 傻\u200B逼!";
    NormalizedText t = normalizer.normalize(original);
    assertThat(t.text()).isEqualTo("you fuck傻逼!");
    int at = t.text().indexOf("fuck");
    int[] span = t.originalSpan(at, at + 4);
    assertThat(original.substring(span[0], span[1])).isEqualTo("Ｆ.Ｕ.Ｃ.Ｋ");
    int zh = t.text().indexOf("傻逼");
    int[] zhSpan = t.originalSpan(zh, zh + 2);
    assertThat(original.substring(zhSpan[0], zhSpan[1])).isEqualTo("傻\u200B逼");
  }

  @Test
  void surrogatePairsKeepTheirSpans() {
    String original = "😀kill😀";
    NormalizedText t = normalizer.normalize(original);
    int at = t.text().indexOf("kill");
    int[] span = t.originalSpan(at, at + 4);
    assertThat(original.substring(span[0], span[1])).isEqualTo("kill");
  }
}
