package com.companion.character.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchTextTest {

  @Test
  void splitsEnglishAtSpacesAndChineseIntoWords() {
    assertThat(SearchText.terms("  Space   PIRATE ")).containsExactly("space", "pirate");
    // dictionary words stay whole; unknown loanwords may fall apart into characters
    assertThat(SearchText.terms("朋克侦探")).contains("侦探").doesNotContain("朋克侦探", "克侦");
    assertThat(String.join("", SearchText.terms("朋克侦探"))).isEqualTo("朋克侦探");
    assertThat(SearchText.terms("侦探，推理")).containsExactly("侦探", "推理");
    assertThat(SearchText.terms("ＰＩＲＡＴＥ")).containsExactly("pirate");
  }

  @Test
  void gramsAreTheSingleAndPairedIdeographsAndKana() {
    assertThat(SearchText.grams("ab 灯塔看守人,和𠀀字 カタ"))
        .containsExactlyInAnyOrder(
            "灯", "塔", "看", "守", "人", "灯塔", "塔看", "看守", "守人", "和", "𠀀", "字", "和𠀀", "𠀀字", "カ", "タ",
            "カタ");
    assertThat(SearchText.grams("plain english")).isEmpty();
    assertThat(SearchText.requiredGrams("侦")).containsExactly("侦");
    assertThat(SearchText.requiredGrams("侦探")).containsExactly("侦探");
    assertThat(SearchText.requiredGrams("图书馆")).containsExactly("图书", "书馆");
  }

  @Test
  void escapesLikeWildcards() {
    assertThat(SearchText.likePattern("100%_a\\b")).isEqualTo("%100\\%\\_a\\\\b%");
  }
}
