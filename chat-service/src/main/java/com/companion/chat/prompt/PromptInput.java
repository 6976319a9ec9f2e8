package com.companion.chat.prompt;

import com.companion.chat.catalog.CharacterCard;
import com.companion.chat.catalog.Persona;
import java.util.List;

/**
 * Everything one prompt is assembled from.
 *
 * @param character the character who speaks next
 * @param userName what {@code {{user}}} stands for (the persona's name, or a default)
 * @param persona the user's persona, or null
 * @param otherCharacters names of the other characters in a group chat
 * @param summary the rolling summary of earlier messages, or null
 * @param pinnedMemories what the user pinned, oldest first
 * @param history the conversation path, oldest first; the last one is the newest message
 * @param budgetTokens the model's context minus the tokens kept for the reply
 */
public record PromptInput(
    CharacterCard character,
    String userName,
    Persona persona,
    List<String> otherCharacters,
    String summary,
    List<String> pinnedMemories,
    List<HistoryMessage> history,
    int budgetTokens) {

  public PromptInput {
    otherCharacters = otherCharacters == null ? List.of() : List.copyOf(otherCharacters);
    pinnedMemories = pinnedMemories == null ? List.of() : List.copyOf(pinnedMemories);
    history = List.copyOf(history);
  }
}
