package com.companion.chat.catalog;

import java.util.List;

/**
 * The parts of one character version that a chat needs (Character Card V2/V3 fields).
 *
 * @param talkativeness how eager the character is to speak in a group chat, 0..1
 * @param lorebook the embedded character book, or null
 */
public record CharacterCard(
    String id,
    int version,
    String ownerId,
    String name,
    String description,
    String personality,
    String scenario,
    String firstMes,
    String mesExample,
    String systemPrompt,
    String postHistoryInstructions,
    List<String> alternateGreetings,
    List<String> groupOnlyGreetings,
    double talkativeness,
    Lorebook lorebook) {

  public static final double DEFAULT_TALKATIVENESS = 0.5;

  public CharacterCard {
    alternateGreetings = alternateGreetings == null ? List.of() : List.copyOf(alternateGreetings);
    groupOnlyGreetings = groupOnlyGreetings == null ? List.of() : List.copyOf(groupOnlyGreetings);
  }
}
