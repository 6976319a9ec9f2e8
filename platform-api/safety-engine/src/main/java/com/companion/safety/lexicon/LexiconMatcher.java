package com.companion.safety.lexicon;

import com.companion.safety.moderation.Category;
import com.companion.safety.moderation.Hit;
import com.companion.safety.normalize.NormalizedText;
import com.companion.safety.normalize.TextNormalizer;
import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable Aho-Corasick automaton over the normalised form of every term: one pass over the
 * normalised message finds all terms of all categories. Latin terms must start at a word boundary
 * and, unless they end in {@code *}, end at one too (so "class" never hits "ass"); CJK terms match
 * anywhere since Chinese has no word separators. Rebuilt and swapped whole on every change.
 */
public final class LexiconMatcher {

  private record Entry(LexiconTerm term, boolean latin, boolean prefix, int length) {}

  private final AhoCorasickDoubleArrayTrie<List<Entry>> trie;
  private final Set<String> properPrefixes;
  private final List<LexiconTerm> terms;
  private final long version;
  private final int longestTerm;

  private LexiconMatcher(Collection<LexiconTerm> terms, long version) {
    Map<String, List<Entry>> byKey = new LinkedHashMap<>();
    Set<String> prefixes = new HashSet<>();
    int longest = 0;
    for (LexiconTerm t : terms) {
      String raw = t.term().strip();
      boolean prefix = raw.endsWith("*");
      String key =
          TextNormalizer.get().canonical(prefix ? raw.substring(0, raw.length() - 1) : raw);
      if (key.isBlank()) {
        continue;
      }
      boolean latin = key.chars().allMatch(c -> c < 0x2E80);
      byKey
          .computeIfAbsent(key, k -> new ArrayList<>())
          .add(new Entry(t, latin, prefix, key.length()));
      for (int i = 1; i < key.length(); i++) {
        prefixes.add(key.substring(0, i));
      }
      longest = Math.max(longest, key.length());
    }
    this.trie = new AhoCorasickDoubleArrayTrie<>();
    if (!byKey.isEmpty()) {
      trie.build(byKey);
    }
    this.properPrefixes = Set.copyOf(prefixes);
    this.terms = List.copyOf(terms);
    this.version = version;
    this.longestTerm = longest;
  }

  public static LexiconMatcher of(Collection<LexiconTerm> terms, long version) {
    return new LexiconMatcher(terms, version);
  }

  public long version() {
    return version;
  }

  public List<LexiconTerm> terms() {
    return terms;
  }

  /** Length in normalised chars of the longest term. */
  public int longestTerm() {
    return longestTerm;
  }

  public boolean contains(Category category, String term) {
    return terms.stream().anyMatch(t -> t.category() == category && t.term().equals(term));
  }

  /** All hits, with spans in the original text. */
  public List<Hit> find(NormalizedText text) {
    List<Hit> hits = new ArrayList<>();
    if (terms.isEmpty()) {
      return hits;
    }
    String s = text.text();
    trie.parseText(
        s,
        (begin, end, entries) -> {
          for (Entry e : entries) {
            if (e.latin() && !boundaryOk(s, begin, end, e.prefix())) {
              continue;
            }
            int to = end;
            if (e.prefix() && e.latin()) {
              // a starred term covers the whole word it starts ("fucking"), for redaction
              while (to < s.length() && isLatinWord(s.charAt(to))) {
                to++;
              }
            }
            int[] span = text.originalSpan(begin, to);
            hits.add(new Hit(e.term().category(), "lexicon", e.term().term(), span[0], span[1]));
          }
        });
    return hits;
  }

  /** The weight of a hit's term (its category score). */
  public double weightOf(Hit hit) {
    for (LexiconTerm t : terms) {
      if (t.category() == hit.category() && t.term().equals(hit.term())) {
        return t.weight();
      }
    }
    return 0.9;
  }

  /**
   * How many trailing chars of {@code normalised} could still grow into a term: the length of the
   * longest suffix that is a proper prefix of some term. The streaming session holds those back.
   */
  public int pendingPrefixLength(String normalised) {
    int max = Math.min(normalised.length(), Math.max(0, longestTerm - 1));
    for (int k = max; k > 0; k--) {
      int from = normalised.length() - k;
      // Latin terms start at a word boundary: "dear" does not leave "r" pending
      if (from > 0
          && isLatinWord(normalised.charAt(from))
          && isLatinWord(normalised.charAt(from - 1))) {
        continue;
      }
      if (properPrefixes.contains(normalised.substring(from))) {
        return k;
      }
    }
    return 0;
  }

  private static boolean boundaryOk(String s, int begin, int end, boolean prefix) {
    if (begin > 0 && isLatinWord(s.charAt(begin - 1))) {
      return false;
    }
    return prefix || end >= s.length() || !isLatinWord(s.charAt(end));
  }

  private static boolean isLatinWord(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
