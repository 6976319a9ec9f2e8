package com.companion.character.card;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Writes cards as Character Card V2 and V3 JSON, and as the stored form. */
public final class CardWriter {

  public static final String V2_SPEC = "chara_card_v2";
  public static final String V3_SPEC = "chara_card_v3";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CardWriter() {}

  /** The stored form: the V3 {@code data} object with every field, read back by CardReader. */
  public static String stored(CharacterCard card) {
    return CardJson.write(data(card, true));
  }

  public static ObjectNode v2(CharacterCard card) {
    ObjectNode root = NODES.objectNode();
    root.put("spec", V2_SPEC);
    root.put("spec_version", "2.0");
    root.set("data", data(card, false));
    return root;
  }

  public static ObjectNode v3(CharacterCard card, Instant created, Instant modified) {
    ObjectNode root = NODES.objectNode();
    root.put("spec", V3_SPEC);
    root.put("spec_version", "3.0");
    ObjectNode data = data(card, true);
    data.put("creation_date", created.getEpochSecond());
    data.put("modification_date", modified.getEpochSecond());
    root.set("data", data);
    return root;
  }

  private static ObjectNode data(CharacterCard card, boolean v3) {
    ObjectNode data = NODES.objectNode();
    data.put("name", card.name());
    data.put("description", card.description());
    data.put("personality", card.personality());
    data.put("scenario", card.scenario());
    data.put("first_mes", card.firstMes());
    data.put("mes_example", card.mesExample());
    data.put("creator_notes", card.creatorNotes());
    data.put("system_prompt", card.systemPrompt());
    data.put("post_history_instructions", card.postHistoryInstructions());
    data.set("alternate_greetings", strings(card.alternateGreetings()));
    if (card.characterBook() != null) {
      data.set("character_book", book(card.characterBook(), v3));
    }
    data.set("tags", strings(card.tags()));
    data.put("creator", card.creator());
    data.put("character_version", card.characterVersion());
    data.set("extensions", card.extensions().deepCopy());
    if (v3) {
      data.set("group_only_greetings", strings(card.groupOnlyGreetings()));
      if (!card.nickname().isEmpty()) {
        data.put("nickname", card.nickname());
      }
      if (!card.creatorNotesMultilingual().isEmpty()) {
        ObjectNode notes = data.putObject("creator_notes_multilingual");
        card.creatorNotesMultilingual().forEach(notes::put);
      }
      if (!card.source().isEmpty()) {
        data.set("source", strings(card.source()));
      }
      if (!card.assets().isEmpty()) {
        ArrayNode assets = data.putArray("assets");
        for (CharacterCard.CardAsset asset : card.assets()) {
          ObjectNode node = assets.addObject();
          node.put("type", asset.type());
          node.put("uri", asset.uri());
          node.put("name", asset.name());
          node.put("ext", asset.ext());
        }
      }
    }
    return data;
  }

  private static ObjectNode book(CharacterBook book, boolean v3) {
    ObjectNode node = NODES.objectNode();
    if (!book.name().isEmpty()) {
      node.put("name", book.name());
    }
    if (!book.description().isEmpty()) {
      node.put("description", book.description());
    }
    if (book.scanDepth() != null) {
      node.put("scan_depth", book.scanDepth());
    }
    if (book.tokenBudget() != null) {
      node.put("token_budget", book.tokenBudget());
    }
    if (book.recursiveScanning() != null) {
      node.put("recursive_scanning", book.recursiveScanning());
    }
    node.set("extensions", book.extensions().deepCopy());
    ArrayNode entries = node.putArray("entries");
    for (BookEntry entry : book.entries()) {
      ObjectNode e = entries.addObject();
      e.set("keys", strings(entry.keys()));
      e.put("content", entry.content());
      e.set("extensions", entry.extensions().deepCopy());
      e.put("enabled", entry.enabled());
      e.put("insertion_order", entry.insertionOrder());
      e.put("case_sensitive", entry.caseSensitive());
      if (v3) {
        e.put("use_regex", entry.useRegex());
      }
      e.put("constant", entry.constant());
      if (entry.name() != null) {
        e.put("name", entry.name());
      }
      if (entry.priority() != null) {
        e.put("priority", entry.priority());
      }
      if (entry.id() != null) {
        e.set("id", entry.id().deepCopy());
      }
      e.put("comment", entry.comment());
      e.put("selective", entry.selective());
      e.set("secondary_keys", strings(entry.secondaryKeys()));
      e.put("position", entry.position());
    }
    return node;
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode array = NODES.arrayNode();
    values.forEach(array::add);
    return array;
  }
}
