package com.companion.safety.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HoldoutTest {

  private static List<String> sentences(int count) {
    Random random = new Random(7);
    String[] words = {"you", "are", "so", "kind", "stupid", "我", "今天", "很", "开心", "idiot", "the"};
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder s = new StringBuilder();
      for (int w = 0; w < 3 + random.nextInt(6); w++) {
        s.append(words[random.nextInt(words.length)]).append(' ');
      }
      out.add(s.append(i).toString());
    }
    return out;
  }

  /** Copies a dataset would hold of one text: other case, full-width letters, other spacing. */
  private static List<String> variants(String text) {
    StringBuilder fullWidth = new StringBuilder();
    text.codePoints()
        .forEach(
            c ->
                fullWidth.appendCodePoint(
                    c >= '!' && c <= '~' ? c - '!' + '\uFF01' : c == ' ' ? '\u3000' : c));
    return List.of(
        text,
        text.toUpperCase(),
        "  " + text.replace(" ", "   ") + "\n",
        fullWidth.toString(),
        text.replace(" ", "\t"));
  }

  @Test
  void theThreeSplitsShareNoTextEvenAcrossCaseWidthAndSpacingCopies() {
    Map<String, Set<Holdout>> sidesOfText = new HashMap<>();
    for (String sentence : sentences(2_000)) {
      for (String copy : variants(sentence)) {
        sidesOfText.computeIfAbsent(sentence, k -> new HashSet<>()).add(Holdout.of(copy));
      }
    }
    assertThat(sidesOfText.values()).allSatisfy(sides -> assertThat(sides).hasSize(1));
  }

  @Test
  void theSplitsHaveTheDocumentedSizes() {
    Map<Holdout, Integer> counts = new EnumMap<>(Holdout.class);
    for (String sentence : sentences(20_000)) {
      counts.merge(Holdout.of(sentence), 1, Integer::sum);
    }
    assertThat(counts.get(Holdout.TEST)).isBetween(1_700, 2_300);
    assertThat(counts.get(Holdout.VALIDATION)).isBetween(1_700, 2_300);
    assertThat(counts.get(Holdout.TRAIN)).isBetween(15_400, 16_600);
  }
}
