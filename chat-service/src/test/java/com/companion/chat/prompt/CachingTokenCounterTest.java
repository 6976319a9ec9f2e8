package com.companion.chat.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A text is counted once while it is in use; the counts are the tokenizer's; memory is bounded. */
class CachingTokenCounterTest {

  /** Counts words, and remembers which texts it was asked for. */
  private static final class Recording implements TokenCounter {
    final List<String> asked = new ArrayList<>();

    @Override
    public int count(String text) {
      asked.add(text);
      return text == null || text.isBlank() ? 0 : text.trim().split("\\s+").length;
    }

    @Override
    public boolean exact() {
      return true;
    }
  }

  private final Recording tokenizer = new Recording();
  private final CachingTokenCounter counter = new CachingTokenCounter(tokenizer);

  @Test
  void aTextCountedBeforeIsNotCountedAgainAndGetsTheSameCount() {
    assertThat(counter.count("Good morrow, gentle friend")).isEqualTo(4);
    assertThat(counter.count("What news from the court?")).isEqualTo(5);
    assertThat(counter.count("Good morrow, gentle friend")).isEqualTo(4);

    assertThat(tokenizer.asked)
        .containsExactly("Good morrow, gentle friend", "What news from the court?");
    assertThat(counter.exact()).isTrue();
  }

  @Test
  void aVeryLongTextIsCountedEveryTime() {
    String longText = "word ".repeat(CachingTokenCounter.LONGEST_KEPT / 5 + 1);

    counter.count(longText);
    counter.count(longText);

    assertThat(tokenizer.asked).hasSize(2);
  }

  @Test
  void aTextInUseIsKeptWhileManyOthersComeAndGoAndTheCountIsBounded() {
    counter.count("kept in use");
    for (int i = 0; i < 4 * CachingTokenCounter.KEPT; i++) {
      counter.count("message " + i);
      if (i % 500 == 0) {
        counter.count("kept in use");
      }
    }
    tokenizer.asked.clear();

    counter.count("kept in use");

    assertThat(tokenizer.asked).isEmpty();
    assertThat(counter.kept()).isLessThanOrEqualTo(CachingTokenCounter.KEPT);
  }
}
