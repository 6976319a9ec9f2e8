package com.companion.chat.prompt;

import com.companion.chat.model.ChatMessage;
import java.util.List;

/**
 * An assembled prompt.
 *
 * @param tokens the prompt's size in tokens, counted as the model will see it
 * @param historyMessages how many history messages made it in (the newest always does)
 * @param loreEntries ids of the lorebook entries that were placed
 * @param newestTruncated whether the newest message itself had to be shortened to fit
 */
public record Prompt(
    List<ChatMessage> messages,
    int tokens,
    int historyMessages,
    List<String> loreEntries,
    boolean newestTruncated) {

  public Prompt {
    messages = List.copyOf(messages);
    loreEntries = List.copyOf(loreEntries);
  }
}
