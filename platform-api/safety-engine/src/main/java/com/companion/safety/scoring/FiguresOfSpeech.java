package com.companion.safety.scoring;

import com.companion.safety.moderation.Hit;
import com.companion.safety.normalize.NormalizedText;
import com.companion.safety.normalize.TextNormalizer;
import java.util.List;

/**
 * Everyday exaggerations that contain words of self-harm but are not about it ("想死你了" is "I miss
 * you so much", "I want to die of embarrassment"). A self-harm hit inside one of them is dropped,
 * so nobody who is laughing or missing a friend is answered with help lines. Phrases that merely
 * sound dark ("this homework is killing me", "笑死了") hold no lexicon term and need no entry here;
 * this list is only for phrases that would otherwise hit one.
 */
final class FiguresOfSpeech {

  private static final List<String> PHRASES =
      canonical(
          List.of(
              "想死你",
              "想死我了",
              "想死他",
              "想死她",
              "想死你们",
              "笑得我想死",
              "笑得想死",
              "笑到想死",
              "尴尬得想死",
              "尴尬到想死",
              "want to die of embarrassment",
              "want to die laughing",
              "wanted to die of embarrassment",
              "want to die for",
              "suicide squad",
              "suicide mission",
              "suicide doors",
              "kill myself laughing",
              "killing myself laughing"));

  private FiguresOfSpeech() {}

  /** Removes self-harm hits that lie inside a figure of speech. */
  static void dropFrom(NormalizedText text, List<Hit> hits) {
    if (hits.stream().noneMatch(h -> h.category().isSelfHarm())) {
      return;
    }
    String s = text.text();
    for (String phrase : PHRASES) {
      for (int at = s.indexOf(phrase); at >= 0; at = s.indexOf(phrase, at + 1)) {
        int[] span = text.originalSpan(at, at + phrase.length());
        hits.removeIf(h -> h.category().isSelfHarm() && h.start() >= span[0] && h.end() <= span[1]);
      }
    }
  }

  private static List<String> canonical(List<String> phrases) {
    return phrases.stream().map(p -> TextNormalizer.get().canonical(p)).toList();
  }
}
