package com.companion.character.card;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * A character as Character Card V2/V3 define it, field for field. {@code extensions} objects are
 * kept exactly as received: tools store their own data there and expect it back unchanged.
 *
 * <p>{@code creatorNotesMultilingual}, {@code source} and {@code assets} are V3 additions that only
 * the V3 export carries.
 */
public record CharacterCard(
    String name,
    String nickname,
    String description,
    String personality,
    String scenario,
    String firstMes,
    String mesExample,
    String creatorNotes,
    Map<String, String> creatorNotesMultilingual,
    String systemPrompt,
    String postHistoryInstructions,
    List<String> alternateGreetings,
    List<String> groupOnlyGreetings,
    List<String> tags,
    String creator,
    String characterVersion,
    List<String> source,
    List<CardAsset> assets,
    ObjectNode extensions,
    CharacterBook characterBook) {

  public CharacterCard {
    creatorNotesMultilingual = Map.copyOf(creatorNotesMultilingual);
    alternateGreetings = List.copyOf(alternateGreetings);
    groupOnlyGreetings = List.copyOf(groupOnlyGreetings);
    tags = List.copyOf(tags);
    source = List.copyOf(source);
    assets = List.copyOf(assets);
  }

  /** A V3 asset reference ({@code ccdefault:} means the image the card came in). */
  public record CardAsset(String type, String uri, String name, String ext) {}
}
