package com.companion.chat.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.chat.catalog.CharacterCard;
import com.companion.chat.catalog.Persona;
import com.companion.chat.support.ChatIntegrationTest;
import com.companion.chat.support.KafkaEvents;
import com.companion.contracts.auth.AgeGroup;
import com.companion.platform.web.PageCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ConversationApiIT extends ChatIntegrationTest {

  @Test
  void startGreetsWithFilledMacrosAndOffersAlternateGreetingsAsSwipes() {
    User user = adult();
    Persona persona = catalog.persona(user.id(), "Robin", "a young knight");
    CharacterCard bard =
        catalog.character(
            "Ada", "Welcome, {{user}}! I am {{char}}.", List.of("Oh, {{user}} again?", "Hi."));

    Answer started =
        call(
            "POST",
            "/v1/conversations",
            user,
            Map.of("character_id", bard.id(), "persona_id", persona.id()));

    assertThat(started.status()).isEqualTo(201);
    JsonNode greeting = started.body().path("greeting");
    assertThat(greeting.path("content").asString()).isEqualTo("Welcome, Robin! I am Ada.");
    assertThat(greeting.path("role").asString()).isEqualTo("assistant");
    assertThat(greeting.path("speaker_id").asString()).isEqualTo(bard.id());
    assertThat(greeting.path("alternative_count").asInt()).isEqualTo(3);
    JsonNode conversation = started.body().path("conversation");
    assertThat(conversation.path("characters").path(0).path("version").asInt()).isEqualTo(1);
    assertThat(conversation.path("persona_id").asString()).isEqualTo(persona.id());
    assertThat(started.body().path("notices").size()).isZero();
    assertThat(catalog.chatStarts)
        .as("the trending signal to character-service")
        .contains(bard.id());

    String id = conversation.path("id").asString();
    Answer selected =
        call(
            "POST",
            "/v1/conversations/" + id + "/messages/" + greeting.path("id").asString() + "/select",
            user,
            Map.of("alternative", 1));
    assertThat(selected.status()).isEqualTo(200);
    assertThat(selected.body().path("content").asString()).isEqualTo("Oh, Robin again?");
    Answer read = call("GET", "/v1/conversations/" + id, user, null);
    assertThat(read.body().path("messages").path("items").path(0).path("content").asString())
        .isEqualTo("Oh, Robin again?");
  }

  @Test
  void minorsAreToldTheCharacterIsAnAi() {
    User minor = user(AgeGroup.MINOR);
    CharacterCard bard = catalog.character("Ada", "Hello!", List.of());

    Answer started = call("POST", "/v1/conversations", minor, Map.of("character_id", bard.id()));

    assertThat(started.body().path("notices").path(0).path("kind").asString())
        .isEqualTo("ai_disclosure");
    assertThat(started.body().path("notices").path(0).path("text").asString())
        .contains("Ada is an AI");
  }

  @Test
  void unknownCharactersPersonasOfOthersAndBadBodiesAreRefused() {
    User user = adult();
    User other = adult();
    CharacterCard bard = catalog.character("Ada", "Hello!", List.of());
    Persona othersPersona = catalog.persona(other.id(), "Eve", "not yours");

    assertThat(call("POST", "/v1/conversations", user, Map.of("character_id", "nope")).status())
        .isEqualTo(404);
    assertThat(
            call(
                    "POST",
                    "/v1/conversations",
                    user,
                    Map.of("character_id", bard.id(), "persona_id", othersPersona.id()))
                .status())
        .isEqualTo(404);
    Answer neither = call("POST", "/v1/conversations", user, Map.of());
    assertThat(neither.status()).isEqualTo(400);
    assertThat(neither.body().path("type").asString()).endsWith("/invalid-request");
    assertThat(call("POST", "/v1/conversations", null, Map.of()).status()).isEqualTo(401);
  }

  @Test
  void listsMineNewestFirstWithCursorsAndLastMessagePreview() {
    User user = adult();
    User stranger = adult();
    CharacterCard bard = catalog.character("Ada", "Hello there!", List.of());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(startWith(user, bard.id()));
      clock.advance(java.time.Duration.ofSeconds(1));
    }

    Answer first = call("GET", "/v1/conversations?limit=2", user, null);
    Answer second =
        call(
            "GET",
            "/v1/conversations?limit=2&cursor=" + first.body().path("next_cursor").asString(),
            user,
            null);
    Answer third =
        call(
            "GET",
            "/v1/conversations?limit=2&cursor=" + second.body().path("next_cursor").asString(),
            user,
            null);

    List<String> seen = new ArrayList<>();
    for (Answer page : List.of(first, second, third)) {
      page.body().path("items").forEach(item -> seen.add(item.path("id").asString()));
    }
    assertThat(seen).containsExactlyElementsOf(ids.reversed());
    assertThat(third.body().path("next_cursor").isNull()).isTrue();
    assertThat(first.body().path("items").path(0).path("last_message").path("preview").asString())
        .isEqualTo("Hello there!");
    assertThat(call("GET", "/v1/conversations", stranger, null).body().path("items").size())
        .isZero();
    assertThat(call("GET", "/v1/conversations/" + ids.getFirst(), stranger, null).status())
        .isEqualTo(404);
  }

  @Test
  void aCursorOrBeforeThatIsNotOneOfOursIsABadRequest() {
    User user = adult();
    CharacterCard bard = catalog.character("Ada", "Hello!", List.of());
    String id = startWith(user, bard.id());
    startWith(user, bard.id());
    String real =
        call("GET", "/v1/conversations?limit=1", user, null).body().path("next_cursor").asString();
    String ofAnotherList = PageCursor.of("api-keys", Instant.EPOCH, UUID.randomUUID()).encode();
    String tampered = PageCursor.of("conversations", "yesterday", UUID.randomUUID()).encode();

    assertThat(call("GET", "/v1/conversations?cursor=" + real, user, null).status()).isEqualTo(200);
    for (String cursor : List.of("not-a-cursor", "AAAA", ofAnotherList, tampered)) {
      Answer refused = call("GET", "/v1/conversations?cursor=" + cursor, user, null);
      assertThat(refused.status()).as(cursor).isEqualTo(400);
      assertThat(refused.body().path("field").asString()).as(cursor).isEqualTo("cursor");
    }
    for (String before : List.of("not-a-message", UUID.randomUUID().toString())) {
      assertThat(
              call("GET", "/v1/conversations/" + id + "/messages?before=" + before, user, null)
                  .status())
          .as(before)
          .isEqualTo(400);
    }
  }

  @Test
  void renamesAndDeletesForRealWithAnEvent() {
    User user = adult();
    String id = startWithAda(user);
    send(user, id, "Hi Ada");

    Answer renamed = call("PATCH", "/v1/conversations/" + id, user, Map.of("title", "Tavern"));
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(renamed.body().path("title").asString()).isEqualTo("Tavern");
    assertThat(call("PATCH", "/v1/conversations/" + id, user, Map.of("title", " ")).status())
        .isEqualTo(400);

    assertThat(call("DELETE", "/v1/conversations/" + id, user, null).status()).isEqualTo(204);
    assertThat(call("GET", "/v1/conversations/" + id, user, null).status()).isEqualTo(404);
    Integer left =
        jdbc.sql("select count(*) from chat.messages where conversation_id = ?")
            .param(UUID.fromString(id))
            .query(Integer.class)
            .single();
    assertThat(left).isZero();
    JsonNode event =
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(20))
            .until(
                () ->
                    KafkaEvents.findType(
                        "usage.chat-turn", "chat.conversation.deleted", "conversation_id", id),
                found -> found != null);
    assertThat(event.path("data").path("messages_deleted").asInt()).isEqualTo(3);
    assertThat(call("DELETE", "/v1/conversations/" + id, user, null).status()).isEqualTo(404);
  }

  @Test
  void historyPagesBackwardsNewestLast() {
    User user = adult();
    String id = startWithAda(user);
    for (int i = 1; i <= 3; i++) {
      assertThat(send(user, id, "message " + i).status()).isEqualTo(201);
    }
    // greeting + 3 x (user, reply) = 7 messages
    Answer newest = call("GET", "/v1/conversations/" + id + "/messages?limit=4", user, null);
    JsonNode items = newest.body().path("items");
    assertThat(items.size()).isEqualTo(4);
    assertThat(items.path(3).path("role").asString()).isEqualTo("assistant");
    assertThat(items.path(2).path("content").asString()).isEqualTo("message 3");
    String before = newest.body().path("next_cursor").asString();
    Answer older =
        call("GET", "/v1/conversations/" + id + "/messages?limit=4&before=" + before, user, null);
    assertThat(older.body().path("items").size()).isEqualTo(3);
    assertThat(older.body().path("items").path(0).path("content").asString()).isEqualTo("Hello!");
    assertThat(older.body().path("next_cursor").isNull()).isTrue();
  }
}
