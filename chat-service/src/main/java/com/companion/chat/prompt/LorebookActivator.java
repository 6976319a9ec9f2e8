package com.companion.chat.prompt;

import com.companion.chat.catalog.LoreEntry;
import com.companion.chat.catalog.Lorebook;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides which lorebook entries a turn activates, following Character Card V2 semantics.
 *
 * <ul>
 *   <li>{@code constant} entries are always active; disabled entries never.
 *   <li>An entry activates when one of its {@code keys} appears in the scanned text: the last
 *       {@code scan_depth} messages. Keys match whole words (not inside other words), ignoring case
 *       unless {@code case_sensitive}; with {@code use_regex} a key is a regular expression, also
 *       written {@code /pattern/flags} with {@code i} for ignoring case.
 *   <li>A {@code selective} entry with {@code secondary_keys} also needs its secondary logic:
 *       AND_ANY (one secondary key present), AND_ALL (all of them), NOT_ANY (none), NOT_ALL (not
 *       all).
 *   <li>With {@code recursive_scanning}, the content of activated entries is scanned too, until no
 *       new entry activates.
 * </ul>
 *
 * <p>Keys come from creators' cards, so they run on RE2 ({@code com.google.re2j}), whose matching
 * time is linear in the text: a key such as {@code (.*a){12}$} costs no more than any other.
 * Backreferences and lookaround, which need backtracking, are not supported; such a key never
 * matches (as does any key that does not compile).
 */
public final class LorebookActivator {

  /** Guards against entries that keep activating each other. */
  static final int MAX_RECURSION = 5;

  private LorebookActivator() {}

  /** Active entries in the book's order. */
  public static List<LoreEntry> activate(Lorebook book, List<String> scannedMessages) {
    if (book == null || book.entries().isEmpty()) {
      return List.of();
    }
    String scanned = String.join("\n", scannedMessages);
    Set<LoreEntry> active = new LinkedHashSet<>();
    for (int round = 0; round <= MAX_RECURSION; round++) {
      boolean added = false;
      for (LoreEntry entry : book.entries()) {
        if (!active.contains(entry) && entry.enabled() && activates(entry, scanned)) {
          active.add(entry);
          added = true;
        }
      }
      if (!added || !book.recursiveScanning()) {
        break;
      }
      StringBuilder more = new StringBuilder(scanned);
      active.forEach(entry -> more.append('\n').append(entry.content()));
      scanned = more.toString();
    }
    List<LoreEntry> ordered = new ArrayList<>();
    for (LoreEntry entry : book.entries()) {
      if (active.contains(entry)) {
        ordered.add(entry);
      }
    }
    return ordered;
  }

  static boolean activates(LoreEntry entry, String text) {
    if (entry.constant()) {
      return true;
    }
    boolean primary = entry.keys().stream().anyMatch(key -> matches(entry, key, text));
    if (!primary) {
      return false;
    }
    if (!entry.selective() || entry.secondaryKeys().isEmpty()) {
      return true;
    }
    long present = entry.secondaryKeys().stream().filter(key -> matches(entry, key, text)).count();
    int all = entry.secondaryKeys().size();
    return switch (entry.selectiveLogic()) {
      case AND_ANY -> present > 0;
      case AND_ALL -> present == all;
      case NOT_ANY -> present == 0;
      case NOT_ALL -> present < all;
    };
  }

  static boolean matches(LoreEntry entry, String key, String text) {
    if (key == null || key.isBlank()) {
      return false;
    }
    if (!entry.useRegex()) {
      // case-insensitive words are matched on lower-cased text, not through RE2's case folding:
      // RE2J's folding loops for ever on a character whose case mappings in this JDK form no
      // cycle back to it (a creator's key must not stall a chat turn)
      boolean exact = entry.caseSensitive();
      return word(exact ? key : key.toLowerCase(Locale.ROOT))
          .matcher(exact ? text : text.toLowerCase(Locale.ROOT))
          .find();
    }
    Pattern pattern = regex(key, entry.caseSensitive());
    return pattern != null && pattern.matcher(text).find();
  }

  private static Pattern word(String key) {
    // whole words: no letter, digit or underscore right before or after the key (RE2 has no
    // lookaround, so the neighbours are matched, which find() allows just the same)
    return Pattern.compile(
        "(?:^|[^\\p{L}\\p{N}_])" + Pattern.quote(key.trim()) + "(?:$|[^\\p{L}\\p{N}_])");
  }

  /**
   * Whether RE2J's case folding of {@code text} ends: folding a character walks lower case, upper
   * case, lower case... and must come back to it. A case-insensitive regex with a character that
   * does not is treated as broken.
   */
  static boolean foldsSafely(String text) {
    return text.codePoints()
        .allMatch(
            c -> {
              int lower = Character.toLowerCase(c);
              int upper = Character.toUpperCase(c);
              return lower == c
                  ? upper == c || Character.toLowerCase(upper) == c
                  : Character.toUpperCase(lower) == c;
            });
  }

  private static Pattern regex(String key, boolean caseSensitive) {
    String source = key;
    int flags = caseSensitive ? 0 : Pattern.CASE_INSENSITIVE;
    if (key.length() > 2 && key.startsWith("/") && key.lastIndexOf('/') > 0) {
      int end = key.lastIndexOf('/');
      source = key.substring(1, end);
      String options = key.substring(end + 1);
      flags = options.contains("i") ? Pattern.CASE_INSENSITIVE : 0;
    }
    if ((flags & Pattern.CASE_INSENSITIVE) != 0 && !foldsSafely(source)) {
      return null;
    }
    try {
      return Pattern.compile(source, flags);
    } catch (PatternSyntaxException e) {
      // a broken key from a creator's card must not break the chat
      return null;
    }
  }
}
