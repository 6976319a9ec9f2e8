package com.companion.character.card;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** Checks a card against {@link CardLimits}; the first violation becomes a 422 naming the field. */
public final class CardValidator {

  private static final String CHARS = "characters";

  private final CardLimits limits;

  public CardValidator(CardLimits limits) {
    this.limits = limits;
  }

  public CharacterCard validate(CharacterCard card) {
    length("name", card.name(), limits.maxNameChars());
    length("nickname", card.nickname(), limits.maxNameChars());
    text("description", card.description());
    text("personality", card.personality());
    text("scenario", card.scenario());
    text("first_mes", card.firstMes());
    text("mes_example", card.mesExample());
    text("creator_notes", card.creatorNotes());
    for (Map.Entry<String, String> note : card.creatorNotesMultilingual().entrySet()) {
      length("creator_notes_multilingual", note.getKey(), limits.maxTagChars());
      text("creator_notes_multilingual." + note.getKey(), note.getValue());
    }
    text("system_prompt", card.systemPrompt());
    text("post_history_instructions", card.postHistoryInstructions());
    texts("alternate_greetings", card.alternateGreetings(), limits.maxGreetings());
    texts("group_only_greetings", card.groupOnlyGreetings(), limits.maxGreetings());
    count("tags", card.tags().size(), limits.maxTags());
    card.tags().forEach(tag -> length("tags", tag, limits.maxTagChars()));
    length("creator", card.creator(), limits.maxNameChars());
    length("character_version", card.characterVersion(), limits.maxVersionChars());
    texts("source", card.source(), limits.maxGreetings());
    count("assets", card.assets().size(), limits.maxGreetings());
    for (CharacterCard.CardAsset asset : card.assets()) {
      length("assets.uri", asset.uri(), limits.maxTextChars());
      length("assets.name", asset.name(), limits.maxNameChars());
      length("assets.type", asset.type(), limits.maxNameChars());
      length("assets.ext", asset.ext(), limits.maxNameChars());
    }
    extensions("extensions", card.extensions());
    CharacterBook book = card.characterBook();
    if (book != null) {
      length("character_book.name", book.name(), limits.maxNameChars());
      text("character_book.description", book.description());
      extensions("character_book.extensions", book.extensions());
      count("character_book.entries", book.entries().size(), limits.maxBookEntries());
      for (int i = 0; i < book.entries().size(); i++) {
        entry("character_book.entries[" + i + "]", book.entries().get(i));
      }
    }
    return card;
  }

  private void entry(String path, BookEntry entry) {
    count(path + ".keys", entry.keys().size(), limits.maxKeysPerEntry());
    entry.keys().forEach(key -> length(path + ".keys", key, limits.maxKeyChars()));
    count(path + ".secondary_keys", entry.secondaryKeys().size(), limits.maxKeysPerEntry());
    entry
        .secondaryKeys()
        .forEach(key -> length(path + ".secondary_keys", key, limits.maxKeyChars()));
    text(path + ".content", entry.content());
    length(path + ".comment", entry.comment(), limits.maxCommentChars());
    if (entry.id() != null && entry.id().isString()) {
      length(path + ".id", entry.id().stringValue(), limits.maxNameChars());
    }
    if (entry.name() != null) {
      length(path + ".name", entry.name(), limits.maxNameChars());
    }
    extensions(path + ".extensions", entry.extensions());
  }

  private void texts(String field, List<String> values, int maxItems) {
    count(field, values.size(), maxItems);
    values.forEach(value -> text(field, value));
  }

  private void text(String field, String value) {
    length(field, value, limits.maxTextChars());
  }

  private static void length(String field, String value, int max) {
    // code points, so that a character outside the BMP (emoji, rare CJK) counts once
    if (value != null && value.length() > max && value.codePointCount(0, value.length()) > max) {
      throw CardProblems.tooLong(field, max, CHARS);
    }
  }

  private static void count(String field, int size, int max) {
    if (size > max) {
      throw CardProblems.tooLong(field, max, "items");
    }
  }

  private void extensions(String field, ObjectNode extensions) {
    int size = CardJson.write(extensions).getBytes(StandardCharsets.UTF_8).length;
    if (size > limits.maxExtensionsBytes()) {
      throw CardProblems.tooLong(field, limits.maxExtensionsBytes(), "bytes of JSON");
    }
  }
}
