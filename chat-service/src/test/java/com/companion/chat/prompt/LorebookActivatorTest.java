package com.companion.chat.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.chat.catalog.LoreEntry;
import com.companion.chat.catalog.LoreEntry.SelectiveLogic;
import com.companion.chat.catalog.Lorebook;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LorebookActivatorTest {

  private static LoreEntry entry(
      List<String> keys,
      List<String> secondary,
      SelectiveLogic logic,
      boolean caseSensitive,
      boolean regex) {
    return new LoreEntry(
        "e",
        keys,
        secondary,
        "content",
        true,
        false,
        !secondary.isEmpty(),
        logic,
        0,
        0,
        false,
        caseSensitive,
        regex);
  }

  /** An entry with one key and no secondary keys. */
  private static LoreEntry keyed(String key, boolean caseSensitive, boolean regex) {
    return entry(List.of(key), List.of(), null, caseSensitive, regex);
  }

  private static boolean active(LoreEntry entry, String text) {
    return LorebookActivator.activates(entry, text);
  }

  @Test
  void keysMatchWholeWordsIgnoringCaseByDefault() {
    LoreEntry cat = keyed("cat", false, false);
    assertThat(active(cat, "I saw a Cat today")).isTrue();
    assertThat(active(cat, "a catalogue")).isFalse();
    assertThat(active(cat, "cat.")).isTrue();
    LoreEntry exact = keyed("Vel", true, false);
    assertThat(active(exact, "the vel castle")).isFalse();
    assertThat(active(exact, "the Vel castle")).isTrue();
  }

  @Test
  void aWordIsWholeOnlyWithNoLetterDigitOrUnderscoreBesideIt() {
    LoreEntry cat = keyed(" cat ", false, false);
    assertThat(active(cat, "cat")).isTrue();
    assertThat(active(cat, "a catalogue, then a CAT")).isTrue();
    assertThat(active(cat, "(cat)\n")).isTrue();
    assertThat(active(cat, "cat_1 cat9 écat caté 2cat ⅫCAT cat²")).isFalse();
    LoreEntry dragon = keyed("龙", false, false);
    assertThat(active(dragon, "“龙”")).isTrue();
    assertThat(active(dragon, "我见过龙了")).isFalse();
  }

  /** A key of control characters only is no word at all: it never matches, and never hangs. */
  @Test
  @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aKeyOfControlCharactersOnlyNeverMatches() {
    LoreEntry control = keyed("\u0001\u001f", false, false);
    assertThat(active(control, "")).isFalse();
    assertThat(active(control, "any text, at all.")).isFalse();
    assertThat(active(control, "words")).isFalse();
    LoreEntry exact = keyed("\u0000", true, false);
    assertThat(active(exact, "a \u0000 b")).isFalse();
  }

  /**
   * Compiled keys are kept between turns: the same text is another pattern as a regex, or with
   * case, so each way it is read must keep its own, whichever came first.
   */
  @Test
  void theSameKeyTextReadAnotherWayKeepsItsOwnMeaning() {
    String key = "Sea.";
    LoreEntry exactWord = keyed(key, true, false);
    LoreEntry anyCaseWord = keyed(key, false, false);
    LoreEntry exactRegex = keyed(key, true, true);
    LoreEntry anyCaseRegex = keyed(key, false, true);
    for (int turn = 0; turn < 2; turn++) {
      assertThat(active(exactWord, "the sea. calm")).isFalse();
      assertThat(active(anyCaseWord, "the sea. calm")).isTrue();
      assertThat(active(anyCaseWord, "the seas calm")).isFalse();
      assertThat(active(exactRegex, "the Seas calm")).isTrue();
      assertThat(active(exactRegex, "the seas calm")).isFalse();
      assertThat(active(anyCaseRegex, "the SEAS calm")).isTrue();
      assertThat(active(exactWord, "the Sea. calm")).isTrue();
    }
  }

  /**
   * U+1C80 (a Cyrillic letter form newer than RE2J's case tables): RE2J's case folding of it never
   * ends, so a key with it must neither stall the turn nor crash it.
   */
  @Test
  @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aKeyWhoseCaseFoldingNeverEndsDoesNotStallTheTurn() {
    String rounded = "\u1c80";
    assertThat(active(keyed(rounded, false, false), "a " + rounded)).isTrue();
    assertThat(active(keyed("/" + rounded + "/i", false, true), rounded))
        .as("a case-insensitive regex RE2J cannot fold is treated as broken")
        .isFalse();
  }

  /**
   * RE2J also folds every character a class range spans, and a regex can ask for folding inline: a
   * range across U+0130 (İ, whose lower case i folds back to I, never to İ) must not stall the turn
   * either, however the folding was asked for or the range written.
   */
  @Test
  @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aRangeWhoseCaseFoldingNeverEndsDoesNotStallTheTurn() {
    for (String key :
        List.of(
            "/[a-\u1c88]+/i",
            "(?i)[a-\u1c88]+",
            "(?si:x[\\t-\u1c88])",
            "(?i)[[:alpha:]a-\u1c88]",
            "(?i)[\\Q]\\Ea-\u1c88]",
            "(?i)\\x{130}",
            "(?i)\\p{Lu}")) {
      assertThat(active(keyed(key, true, true), "i x")).as(key).isFalse();
    }
    assertThat(active(keyed("[a-\u1c88]+", true, true), "abc"))
        .as("without folding the same range is fine")
        .isTrue();
  }

  @Test
  void caseInsensitiveRangesThatFoldBackStillMatch() {
    assertThat(active(keyed("/caf[\u00e9-\u00eb]/i", true, true), "CAF\u00c9")).isTrue();
    assertThat(active(keyed("(?i)dr[a-z]g[[:alpha:]]n", true, true), "DRAGON")).isTrue();
    assertThat(active(keyed("/\\bdrag\\w+/i", true, true), "Dragons")).isTrue();
  }

  @Test
  void regexKeysWithFlags() {
    assertThat(active(keyed("/drag(on|ons)/i", true, true), "DRAGONS!")).isTrue();
    assertThat(active(keyed("drag(on|ons)", true, true), "DRAGONS!")).isFalse();
    assertThat(active(keyed("(unclosed", false, true), "(unclosed")).isFalse();
  }

  @Test
  void secondaryKeyLogic() {
    String text = "the king and the queen";
    assertThat(
            active(
                entry(
                    List.of("king"),
                    List.of("queen", "knave"),
                    SelectiveLogic.AND_ANY,
                    false,
                    false),
                text))
        .isTrue();
    assertThat(
            active(
                entry(
                    List.of("king"),
                    List.of("queen", "knave"),
                    SelectiveLogic.AND_ALL,
                    false,
                    false),
                text))
        .isFalse();
    assertThat(
            active(
                entry(List.of("king"), List.of("knave"), SelectiveLogic.NOT_ANY, false, false),
                text))
        .isTrue();
    assertThat(
            active(
                entry(List.of("king"), List.of("queen"), SelectiveLogic.NOT_ANY, false, false),
                text))
        .isFalse();
    assertThat(
            active(
                entry(
                    List.of("king"),
                    List.of("queen", "knave"),
                    SelectiveLogic.NOT_ALL,
                    false,
                    false),
                text))
        .isTrue();
    assertThat(SelectiveLogic.parse("3")).isEqualTo(SelectiveLogic.AND_ALL);
  }

  @Test
  void scanDepthAndRecursionDecideWhatIsScanned() {
    LoreEntry castle =
        new LoreEntry(
            "castle",
            List.of("castle"),
            List.of(),
            "The castle has a dragon.",
            true,
            false,
            false,
            null,
            0,
            0,
            false,
            false,
            false);
    LoreEntry dragon =
        new LoreEntry(
            "dragon",
            List.of("dragon"),
            List.of(),
            "Dragons breathe fire.",
            true,
            false,
            false,
            null,
            0,
            0,
            false,
            false,
            false);
    LoreEntry off =
        new LoreEntry(
            "off",
            List.of("castle"),
            List.of(),
            "x",
            false,
            false,
            false,
            null,
            0,
            0,
            false,
            false,
            false);

    assertThat(
            LorebookActivator.activate(
                new Lorebook(2, 100, true, List.of(castle, dragon, off)),
                List.of("to the castle!")))
        .extracting(LoreEntry::id)
        .containsExactly("castle", "dragon");
    assertThat(
            LorebookActivator.activate(
                new Lorebook(2, 100, false, List.of(castle, dragon)), List.of("to the castle!")))
        .extracting(LoreEntry::id)
        .containsExactly("castle");
  }
}
