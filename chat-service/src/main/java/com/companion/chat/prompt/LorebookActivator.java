package com.companion.chat.prompt;

import com.companion.chat.catalog.LoreEntry;
import com.companion.chat.catalog.Lorebook;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;

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
 *
 * <p>A card's keys are the same on every turn, so each key is compiled (a regex's case folding
 * checked) once and kept in a bounded cache shared by all cards. A plain key is found with {@code
 * indexOf} and a look at its neighbours, not with a regex; the scanned text is lower-cased once per
 * turn, not once per key.
 */
public final class LorebookActivator {

  /** Guards against entries that keep activating each other. */
  static final int MAX_RECURSION = 5;

  /** An escape that stands for no single character: a class ({@code \d}) or an assertion. */
  private static final int CLASS = -1;

  /** An escape whose character or class is not checked here. */
  private static final int UNCHECKED = -2;

  /**
   * The characters whose case folding does not come back to them, in order: a few dozen, so a range
   * of any length is checked with one search.
   */
  private static final int[] UNFOLDABLE =
      IntStream.rangeClosed(0, Character.MAX_CODE_POINT).filter(c -> !foldsSafely(c)).toArray();

  /** Whether a regex asks for case folding itself, with an inline flag such as {@code (?i)}. */
  private static final Pattern INLINE_FOLDING = Pattern.compile("\\(\\?[a-zA-Z-]*i");

  /**
   * Compiled keys, kept between turns (a card's keys are the same on every turn). Bounded by count:
   * a key is short (cards are size-limited), so 20,000 of them stay within a few megabytes.
   */
  private static final Cache<Key, CompiledKey> COMPILED =
      Caffeine.newBuilder().maximumSize(20_000).build();

  /** A key as it is compiled: the same text means another thing as a regex or with case. */
  private record Key(String text, boolean regex, boolean caseSensitive) {}

  /** A key ready to look for in a turn's text. */
  @FunctionalInterface
  private interface CompiledKey {
    boolean foundIn(Scanned text);
  }

  /** A key that never matches: a regex that does not compile, or is refused. */
  private static final CompiledKey NEVER = text -> false;

  /** The text a turn scans, and its lower-cased form (made once, when a key first needs it). */
  private static final class Scanned {
    private final String text;
    private String lower;

    Scanned(String text) {
      this.text = text;
    }

    String lower() {
      if (lower == null) {
        lower = text.toLowerCase(Locale.ROOT);
      }
      return lower;
    }
  }

  private LorebookActivator() {}

  /** Active entries in the book's order. */
  public static List<LoreEntry> activate(Lorebook book, List<String> scannedMessages) {
    if (book == null || book.entries().isEmpty()) {
      return List.of();
    }
    Scanned scanned = new Scanned(String.join("\n", scannedMessages));
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
      StringBuilder more = new StringBuilder(scanned.text);
      active.forEach(entry -> more.append('\n').append(entry.content()));
      scanned = new Scanned(more.toString());
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
    return activates(entry, new Scanned(text));
  }

  private static boolean activates(LoreEntry entry, Scanned text) {
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
    return matches(entry, key, new Scanned(text));
  }

  private static boolean matches(LoreEntry entry, String key, Scanned text) {
    if (key == null || key.isBlank()) {
      return false;
    }
    return COMPILED
        .get(new Key(key, entry.useRegex(), entry.caseSensitive()), LorebookActivator::compile)
        .foundIn(text);
  }

  private static CompiledKey compile(Key key) {
    if (key.regex()) {
      Pattern pattern = regex(key.text(), key.caseSensitive());
      return pattern == null ? NEVER : text -> pattern.matcher(text.text).find();
    }
    // a word is looked for as plain text, not with a regex: a regex's scan of the whole text per
    // key cost about 0.1 ms a key on four messages (lorebook-bench), and a case-insensitive one
    // would go through RE2J's case folding, which loops for ever on a character whose case
    // mappings in this JDK form no cycle back to it
    String word = key.text().trim();
    if (word.isEmpty()) {
      // control characters only (blank keys never get here): nothing a reader could have written
      return NEVER;
    }
    if (key.caseSensitive()) {
      return text -> containsWord(text.text, word);
    }
    String lower = word.toLowerCase(Locale.ROOT);
    return text -> containsWord(text.lower(), lower);
  }

  /**
   * Whether {@code word}, not empty, occurs in {@code text} with no letter, digit or underscore
   * around it.
   */
  private static boolean containsWord(String text, String word) {
    for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      int end = at + word.length();
      if ((at == 0 || !isWordChar(text.codePointBefore(at)))
          && (end == text.length() || !isWordChar(text.codePointAt(end)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWordChar(int c) {
    return c == '_'
        || Character.isLetter(c)
        || switch (Character.getType(c)) {
          case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER ->
              true;
          default -> false;
        };
  }

  /**
   * Whether RE2J's case folding of {@code source}, a regex, ends. Folding a character walks lower
   * case, upper case, lower case... and must come back to it; RE2J folds every literal of a
   * case-insensitive regex and every character a class range spans. So each literal, and each
   * character of each range, must fold back to itself; escapes that name a character by its number
   * or a Unicode class or quote text ({@code \x}, {@code \p}, {@code \P}, octal, {@code \Q}) and
   * ranges that cannot be read here are not checked but refused, so such a key is treated as
   * broken.
   */
  static boolean foldsSafely(String source) {
    int[] chars = source.codePoints().toArray();
    boolean inClass = false;
    int previous = -1; // the class's last single character, the start of a range that follows
    for (int i = 0; i < chars.length; i++) {
      int c = chars[i];
      if (c == '\\') {
        if (i + 1 == chars.length) {
          return true; // RE2J refuses a trailing backslash
        }
        c = escaped(chars[++i]);
        if (c == UNCHECKED) {
          return false;
        }
      } else if (!inClass && c == '[') {
        inClass = true;
        previous = -1;
        continue;
      } else if (inClass && c == '[' && i + 1 < chars.length && chars[i + 1] == ':') {
        // a named ASCII class such as [:alpha:], which folds safely
        int close = indexOf(chars, ':', ']', i + 2);
        if (close < 0) {
          return false;
        }
        i = close + 1;
        previous = -1;
        continue;
      } else if (inClass && c == ']' && chars[i - 1] != '[' && chars[i - 1] != '^') {
        inClass = false;
        continue;
      } else if (inClass && c == '-' && previous != -1 && i + 1 < chars.length) {
        int end = chars[i + 1];
        if (end != ']') {
          if (end == '\\') {
            end = i + 2 < chars.length ? escaped(chars[i + 2]) : UNCHECKED;
            i++;
          }
          i++;
          if (end < 0 || !rangeFoldsSafely(previous, end)) {
            return false;
          }
          previous = -1;
          continue;
        }
      }
      if (c >= 0 && !foldsSafely(c)) {
        return false;
      }
      previous = inClass ? c : -1;
    }
    return true;
  }

  /** The character an escaped {@code c} stands for, {@link #CLASS} or {@link #UNCHECKED}. */
  private static int escaped(int c) {
    return switch (c) {
      case 'x', 'p', 'P', 'Q', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> UNCHECKED;
      case 'a' -> 7;
      case 'f' -> '\f';
      case 't' -> '\t';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 'v' -> 11;
      default -> Character.isLetter(c) ? CLASS : c;
    };
  }

  private static int indexOf(int[] chars, int first, int second, int from) {
    for (int i = from; i + 1 < chars.length; i++) {
      if (chars[i] == first && chars[i + 1] == second) {
        return i;
      }
    }
    return -1;
  }

  private static boolean rangeFoldsSafely(int from, int to) {
    int at = Arrays.binarySearch(UNFOLDABLE, from);
    int next = at >= 0 ? at : -at - 1;
    return next == UNFOLDABLE.length || UNFOLDABLE[next] > to;
  }

  private static boolean foldsSafely(int c) {
    int lower = Character.toLowerCase(c);
    int upper = Character.toUpperCase(c);
    return lower == c
        ? upper == c || Character.toLowerCase(upper) == c
        : Character.toUpperCase(lower) == c;
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
    boolean folding =
        (flags & Pattern.CASE_INSENSITIVE) != 0 || INLINE_FOLDING.matcher(source).find();
    if (folding && !foldsSafely(source)) {
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
