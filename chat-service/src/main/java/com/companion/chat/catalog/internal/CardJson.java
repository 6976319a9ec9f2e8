package com.companion.chat.catalog.internal;

import com.companion.chat.catalog.CharacterCard;
import com.companion.chat.catalog.LoreEntry;
import com.companion.chat.catalog.Lorebook;
import com.companion.chat.catalog.Persona;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads character-service's JSON answers into cards and personas. */
public final class CardJson {

  private CardJson() {}

  public static CharacterCard card(JsonNode node) {
    JsonNode extensions = node.path("extensions");
    double talkativeness =
        extensions.path("talkativeness").isMissingNode()
            ? CharacterCard.DEFAULT_TALKATIVENESS
            : extensions.path("talkativeness").asDouble(CharacterCard.DEFAULT_TALKATIVENESS);
    return new CharacterCard(
        text(node, "id"),
        node.path("version").asInt(1),
        text(node, "owner_id"),
        text(node, "name"),
        text(node, "description"),
        text(node, "personality"),
        text(node, "scenario"),
        text(node, "first_mes"),
        text(node, "mes_example"),
        text(node, "system_prompt"),
        text(node, "post_history_instructions"),
        strings(node.path("alternate_greetings")),
        strings(node.path("group_only_greetings")),
        Math.max(0, Math.min(1, talkativeness)),
        lorebook(node.path("character_book")));
  }

  public static Persona persona(JsonNode node) {
    return new Persona(text(node, "id"), text(node, "name"), text(node, "description"));
  }

  static Lorebook lorebook(JsonNode book) {
    if (!book.isObject()) {
      return null;
    }
    List<LoreEntry> entries = new ArrayList<>();
    int index = 0;
    for (JsonNode entry : book.path("entries").values()) {
      entries.add(entry(entry, index++));
    }
    return new Lorebook(
        optionalInt(book, "scan_depth"),
        optionalInt(book, "token_budget"),
        book.path("recursive_scanning").asBoolean(false),
        entries);
  }

  static LoreEntry entry(JsonNode entry, int index) {
    JsonNode extensions = entry.path("extensions");
    String logic =
        firstText(extensions, "selectiveLogic", "selective_logic", "secondary_logic").orElse(null);
    String id = entry.hasNonNull("id") ? entry.path("id").asString("") : String.valueOf(index);
    return new LoreEntry(
        id,
        strings(entry.path("keys")),
        strings(entry.path("secondary_keys")),
        text(entry, "content"),
        entry.path("enabled").asBoolean(true),
        entry.path("constant").asBoolean(false),
        entry.path("selective").asBoolean(false),
        LoreEntry.SelectiveLogic.parse(logic),
        entry.path("insertion_order").asInt(100),
        entry.path("priority").asInt(10),
        "after_char".equals(text(entry, "position")),
        entry.path("case_sensitive").asBoolean(false),
        entry.path("use_regex").asBoolean(false));
  }

  private static java.util.Optional<String> firstText(JsonNode node, String... names) {
    for (String name : names) {
      JsonNode value = node.path(name);
      if (value.isValueNode() && !value.isNull()) {
        return java.util.Optional.of(value.asString(""));
      }
    }
    return java.util.Optional.empty();
  }

  private static Integer optionalInt(JsonNode node, String name) {
    JsonNode value = node.path(name);
    return value.isNumber() ? value.asInt(0) : null;
  }

  static String text(JsonNode node, String name) {
    JsonNode value = node.path(name);
    return value.isValueNode() && !value.isNull() ? value.asString("") : null;
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode value : array.values()) {
      if (value.isValueNode() && !value.isNull()) {
        out.add(value.asString(""));
      }
    }
    return out;
  }
}
