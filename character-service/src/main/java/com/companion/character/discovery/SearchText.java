package com.companion.character.discovery;

import com.companion.character.card.CharacterCard;
import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text discovery searches, normalised the same way for stored cards and for queries: NFKC
 * (full-width Latin letters and digits, as Chinese keyboards type them, become ASCII; compatibility
 * ideographs fold) and lower case. Chinese has no spaces, so matching is by substring, which the
 * trigram index accelerates; queries of one or two Chinese characters still match, just without the
 * index's help.
 */
public final class SearchText {

  private SearchText() {}

  public static String normalize(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
  }

  /** name, nickname, tags and description, one per line. */
  public static String of(CharacterCard card) {
    return normalize(
        String.join(
            "\n", card.name(), card.nickname(), String.join(" ", card.tags()), card.description()));
  }

  public static List<String> tagKeys(List<String> tags) {
    List<String> keys = new ArrayList<>();
    for (String tag : tags) {
      String key = normalize(tag).strip();
      if (!key.isEmpty() && !keys.contains(key)) {
        keys.add(key);
      }
    }
    return keys;
  }

  /**
   * The words of a query; each must occur in a match. Words are split at spaces, and runs of
   * Chinese or Japanese, which are written without spaces, are cut into dictionary words by ICU's
   * word breaker: "朋克侦探" finds "赛博朋克城市里的私家侦探" because it looks for "朋克" and "侦探".
   */
  public static List<String> terms(String query) {
    List<String> terms = new ArrayList<>();
    for (String chunk : normalize(query).strip().split("\\s+")) {
      if (chunk.isEmpty()) {
        continue;
      }
      List<String> words = hasIdeographs(chunk) ? segment(chunk) : List.of(chunk);
      for (String word : words) {
        if (!terms.contains(word)) {
          terms.add(word);
        }
      }
    }
    return terms;
  }

  private static boolean hasIdeographs(String text) {
    return text.codePoints()
        .anyMatch(
            cp -> {
              Character.UnicodeScript script = Character.UnicodeScript.of(cp);
              return script == Character.UnicodeScript.HAN
                  || script == Character.UnicodeScript.HIRAGANA
                  || script == Character.UnicodeScript.KATAKANA;
            });
  }

  private static List<String> segment(String text) {
    BreakIterator words = BreakIterator.getWordInstance(ULocale.CHINESE);
    words.setText(text);
    List<String> out = new ArrayList<>();
    int start = words.first();
    for (int end = words.next(); end != BreakIterator.DONE; start = end, end = words.next()) {
      // skip punctuation and spaces between words
      if (words.getRuleStatus() != BreakIterator.WORD_NONE) {
        out.add(text.substring(start, end));
      }
    }
    return out.isEmpty() ? List.of(text) : out;
  }

  /** Escapes LIKE wildcards so a query is matched literally. */
  public static String likePattern(String term) {
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }
}
