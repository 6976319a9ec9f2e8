package com.companion.character.character;

import com.companion.character.card.CharacterCard;
import java.util.List;

/**
 * The search columns of a character row ({@code search_text}, {@code search_grams}, {@code
 * tag_keys}), written with every version. Character stores them; discovery, which searches them,
 * decides what they hold and implements this, so that character does not depend on discovery.
 */
public interface SearchColumns {

  /** {@code search_text}: the card's searchable text, normalised. */
  String text(CharacterCard card);

  /** {@code search_grams}: the index keys of {@code text}. */
  List<String> grams(String text);

  /** {@code tag_keys}: the card's tags, normalised for filtering. */
  List<String> tagKeys(List<String> tags);
}
