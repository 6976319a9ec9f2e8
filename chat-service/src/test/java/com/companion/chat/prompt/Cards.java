package com.companion.chat.prompt;

import com.companion.chat.ChatProperties;
import com.companion.chat.catalog.CharacterCard;
import com.companion.chat.catalog.LoreEntry;
import com.companion.chat.catalog.Lorebook;
import java.util.List;

/** Cards and settings for prompt tests. */
final class Cards {

  static final ChatProperties.Prompt SETTINGS =
      new ChatProperties.Prompt("Default prompt for {{char}} and {{user}}.", 4, 400, "User");

  private Cards() {}

  static CharacterCard card(String systemPrompt, String postHistory, Lorebook book) {
    return new CharacterCard(
        "c1",
        3,
        "owner",
        "Ada",
        "{{char}} is a bard who sings for {{user}}.",
        "cheerful",
        "A tavern.",
        "Hello {{user}}",
        "<START>\n{{user}}: Hi\n{{char}}: Well met!\n<START>\n{{user}}: Song?\n{{char}}: Always.",
        systemPrompt,
        postHistory,
        List.of(),
        List.of(),
        0.5,
        book);
  }

  static LoreEntry entry(String id, List<String> keys, String content) {
    return new LoreEntry(
        id, keys, List.of(), content, true, false, false, null, 100, 10, false, false, false);
  }

  static LoreEntry constant(String id, String content, int insertionOrder) {
    return new LoreEntry(
        id,
        List.of(),
        List.of(),
        content,
        true,
        true,
        false,
        null,
        insertionOrder,
        10,
        false,
        false,
        false);
  }

  /** Counts whitespace-separated words and role markers: simple, deterministic, additive. */
  static final TokenCounter WORDS =
      text -> {
        if (text == null || text.isBlank()) {
          return 0;
        }
        String spaced = text.replace("<|", " <|").replace("|>", "|> ");
        return spaced.trim().split("\\s+").length;
      };
}
