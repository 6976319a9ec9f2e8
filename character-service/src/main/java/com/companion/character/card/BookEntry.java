package com.companion.character.card;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One lorebook entry. {@code id} is a number or a string (V3 allows both) or null; {@code name} is
 * the optional V2 entry name, kept for export.
 */
public record BookEntry(
    List<String> keys,
    List<String> secondaryKeys,
    String content,
    boolean selective,
    boolean constant,
    int insertionOrder,
    Integer priority,
    String position,
    boolean caseSensitive,
    boolean useRegex,
    boolean enabled,
    String comment,
    JsonNode id,
    String name,
    ObjectNode extensions) {

  public static final String BEFORE_CHAR = "before_char";
  public static final String AFTER_CHAR = "after_char";

  public BookEntry {
    keys = List.copyOf(keys);
    secondaryKeys = List.copyOf(secondaryKeys);
  }
}
