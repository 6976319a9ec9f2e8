package com.companion.chat.catalog;

import java.util.List;

/**
 * A character book.
 *
 * @param scanDepth how many recent messages are scanned for keys; null for the default
 * @param tokenBudget tokens all activated entries may take together; null for the default
 * @param recursiveScanning whether activated entries' text can activate further entries
 */
public record Lorebook(
    Integer scanDepth, Integer tokenBudget, boolean recursiveScanning, List<LoreEntry> entries) {

  public Lorebook {
    entries = entries == null ? List.of() : List.copyOf(entries);
  }
}
