package com.companion.chat.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.chat.catalog.internal.CardJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CardJsonTest {

  @Test
  void readsCharacterServiceAnswers() {
    String body =
        """
        {"id":"c1","version":4,"owner_id":"u1","visibility":"public","name":"Ada",
         "description":"d","personality":"p","scenario":"s","first_mes":"hi","mes_example":"",
         "system_prompt":null,"post_history_instructions":"stay",
         "alternate_greetings":["yo"],"group_only_greetings":[],"tags":["x"],
         "extensions":{"talkativeness":"0.8"},
         "character_book":{"scan_depth":3,"token_budget":100,"recursive_scanning":true,
           "entries":[{"keys":["castle"],"secondary_keys":["king"],"content":"c","selective":true,
             "constant":false,"insertion_order":7,"priority":2,"position":"after_char",
             "case_sensitive":true,"use_regex":false,"enabled":true,"id":12,
             "extensions":{"selectiveLogic":2}}]}}
        """;
    CharacterCard card = CardJson.card(JsonMapper.builder().build().readTree(body));

    assertThat(card.version()).isEqualTo(4);
    assertThat(card.systemPrompt()).isNull();
    assertThat(card.alternateGreetings()).containsExactly("yo");
    assertThat(card.talkativeness()).isEqualTo(0.8);
    LoreEntry entry = card.lorebook().entries().getFirst();
    assertThat(entry.id()).isEqualTo("12");
    assertThat(entry.afterCharacter()).isTrue();
    assertThat(entry.selectiveLogic()).isEqualTo(LoreEntry.SelectiveLogic.NOT_ANY);
    assertThat(card.lorebook().scanDepth()).isEqualTo(3);
  }

  @Test
  void aCardWithoutBookOrExtensionsGetsDefaults() {
    CharacterCard card =
        CardJson.card(JsonMapper.builder().build().readTree("{\"id\":\"c\",\"name\":\"N\"}"));
    assertThat(card.lorebook()).isNull();
    assertThat(card.talkativeness()).isEqualTo(CharacterCard.DEFAULT_TALKATIVENESS);
  }
}
