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
  void escapesLikeWildcards() {
    assertThat(SearchText.likePattern("100%_a\\b")).isEqualTo("%100\\%\\_a\\\\b%");
  }
}
