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
    return text.codePoints().anyMatch(SearchText::isGramChar);
  }

  /**
   * Ideographs and kana: the characters of writing without spaces. The ranges must stay equal to
   * the regular expression in migration {@code character/V3__cjk_search_grams.sql}.
   */
  public static boolean isGramChar(int cp) {
    return (cp >= 0x3040 && cp <= 0x30FF)
        || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0x20000 && cp <= 0x3FFFF);
  }

  /** True for a word made only of ideographs and kana. */
  public static boolean isGramWord(String word) {
    return !word.isEmpty() && word.codePoints().allMatch(SearchText::isGramChar);
  }

  /**
   * Every single ideograph/kana and every pair of adjacent ones in a normalised text: an exact
   * index for words of one or two such characters, which trigrams cannot look up.
   */
  public static List<String> grams(String normalized) {
    java.util.Set<String> grams = new java.util.TreeSet<>();
    int[] cps = normalized.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      if (!isGramChar(cps[i])) {
        continue;
      }
      grams.add(new String(cps, i, 1));
      if (i + 1 < cps.length && isGramChar(cps[i + 1])) {
        grams.add(new String(cps, i, 2));
      }
    }
    return List.copyOf(grams);
  }

  /** The grams a match for this word must have: itself when short, else its pairs. */
  public static List<String> requiredGrams(String word) {
    int[] cps = word.codePoints().toArray();
    if (cps.length <= 2) {
      return List.of(word);
    }
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i + 1 < cps.length; i++) {
      String pair = new String(cps, i, 2);
      if (!pairs.contains(pair)) {
        pairs.add(pair);
      }
    }
    return pairs;
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
