package com.companion.character.card;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** A lorebook embedded in a card ({@code character_book}). */
public record CharacterBook(
    String name,
    String description,
    Integer scanDepth,
    Integer tokenBudget,
    Boolean recursiveScanning,
    ObjectNode extensions,
    List<BookEntry> entries) {

  public CharacterBook {
    entries = List.copyOf(entries);
  }
}
