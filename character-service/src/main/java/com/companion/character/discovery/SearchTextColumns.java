package com.companion.character.discovery;

import com.companion.character.card.CharacterCard;
import com.companion.character.character.SearchColumns;
import java.util.List;
import org.springframework.stereotype.Component;

/** The search columns character writes with every version, as {@link SearchText} defines them. */
@Component
public class SearchTextColumns implements SearchColumns {

  @Override
  public String text(CharacterCard card) {
    return SearchText.of(card);
  }

  @Override
  public List<String> grams(String text) {
    return SearchText.grams(text);
  }

  @Override
  public List<String> tagKeys(List<String> tags) {
    return SearchText.tagKeys(tags);
  }
}
