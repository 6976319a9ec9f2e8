package com.companion.chat.catalog;

import java.util.List;

/**
 * One lorebook entry (Character Card V2 {@code character_book.entries[]}).
 *
 * @param selective whether secondary keys apply
 * @param selectiveLogic how secondary keys combine with a primary match
 * @param insertionOrder lower values are placed earlier in the prompt
 * @param priority when the budget is short, lower priority entries are dropped first
 * @param afterCharacter placed after the character definition ({@code after_char}) rather than
 *     before it
 */
public record LoreEntry(
    String id,
    List<String> keys,
    List<String> secondaryKeys,
    String content,
    boolean enabled,
    boolean constant,
    boolean selective,
    SelectiveLogic selectiveLogic,
    int insertionOrder,
    int priority,
    boolean afterCharacter,
    boolean caseSensitive,
    boolean useRegex) {

  public LoreEntry {
    keys = keys == null ? List.of() : List.copyOf(keys);
    secondaryKeys = secondaryKeys == null ? List.of() : List.copyOf(secondaryKeys);
    content = content == null ? "" : content;
    selectiveLogic = selectiveLogic == null ? SelectiveLogic.AND_ANY : selectiveLogic;
  }

  /** Secondary key logic as card tools store it ({@code extensions.selectiveLogic} 0..3). */
  public enum SelectiveLogic {
    AND_ANY,
    NOT_ALL,
    NOT_ANY,
    AND_ALL;

    public static SelectiveLogic parse(String value) {
      if (value == null || value.isBlank()) {
        return AND_ANY;
      }
      return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "0", "and_any", "and" -> AND_ANY;
        case "1", "not_all" -> NOT_ALL;
        case "2", "not_any", "not" -> NOT_ANY;
        case "3", "and_all" -> AND_ALL;
        default -> AND_ANY;
      };
    }
  }
}
