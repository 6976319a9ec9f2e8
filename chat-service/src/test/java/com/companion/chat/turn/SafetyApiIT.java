package com.companion.chat.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.chat.catalog.CharacterCard;
import com.companion.chat.support.ChatIntegrationTest;
import com.companion.chat.support.ScriptedModel;
import com.companion.contracts.auth.AgeGroup;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Input checks, output moderation while streaming, and the extra care for minors. */
class SafetyApiIT extends ChatIntegrationTest {

  @Test
  void blockedInputIsRefusedAndNeverReachesTheModel() {
    User user = adult();
    String id = startWithAda(user);

    Answer refused = send(user, id, "something forbidden");

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.body().path("type").asString()).endsWith("/content-blocked");
    assertThat(refused.body().path("detail").asString()).contains("community guidelines");
    assertThat(model.streamed).isEmpty();
    assertThat(
            call("GET", "/v1/conversations/" + id + "/messages", user, null)
                .body()
                .path("items")
                .size())
        .isEqualTo(1);
    assertThat(send(user, id, "something nice").status()).isEqualTo(201);
  }

  @Test
  void flaggedInputPassesForAdultsButNotForMinors() {
    CharacterCard bard = catalog.character("Ada", "Hello!", List.of());
    User adult = adult();
    User minor = user(AgeGroup.MINOR);

    assertThat(send(adult, startWith(adult, bard.id()), "a risky joke").status()).isEqualTo(201);
    assertThat(send(minor, startWith(minor, bard.id()), "a risky joke").status()).isEqualTo(422);
  }

  @Test
  void aReplyBlockedMidStreamIsReplacedAndTheOriginalKeptForModerators() {
    User user = adult();
    String id = startWithAda(user);
    model.behave(
        request ->
            ScriptedModel.words(
                "The knight drew his sword and then something forbidden happened to everyone there."));

    List<Event> events =
        streamAll(
            "/v1/conversations/" + id + "/messages", user, Map.of("content", "Go on"), Map.of());

    String shown =
        events.stream()
            .filter(e -> e.name().equals("delta"))
            .map(e -> e.data().path("text").asString())
            .reduce("", String::concat);
    assertThat(shown).doesNotContain("forbidden").contains("hidden");
    assertThat(shown).startsWith("The knight");
    assertThat(
            events.stream()
                .anyMatch(
                    e ->
                        e.name().equals("notice")
                            && e.data().path("kind").asString().equals("reply_moderated")))
        .isTrue();
    assertThat(events.getLast().data().path("finish_reason").asString())
        .isEqualTo("content_filter");
    assertThat(model.cancelled.get()).isEqualTo(1);
    String replyId = events.get(events.size() - 2).data().path("id").asString();
    String original =
        jdbc.sql("select moderated_original from chat.messages where id = ?")
            .param(UUID.fromString(replyId))
            .query(String.class)
            .single();
    assertThat(original).contains("something forbidden");
    // the released part never ran ahead of the checks
    assertThat(safety.replyChecks).isNotEmpty();
  }

  @Test
  void minorsGetARestReminderAfterAnHourOfContinuousChatting() {
    User minor = user(AgeGroup.MINOR);
    String id = startWithAda(minor);

    JsonNode early = send(minor, id, "hi").body();
    JsonNode beforeHour = null;
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofMinutes(10));
      beforeHour = send(minor, id, "still here " + i).body();
    }
    clock.advance(Duration.ofMinutes(11));
    JsonNode late = send(minor, id, "one more").body();
    clock.advance(Duration.ofMinutes(1));
    JsonNode right = send(minor, id, "and another").body();
    clock.advance(Duration.ofMinutes(30));
    JsonNode afterBreak = send(minor, id, "back").body();

    assertThat(early.path("notices").size()).isZero();
    assertThat(beforeHour.path("notices").size()).isZero();
    assertThat(late.path("notices").path(0).path("kind").asString()).isEqualTo("rest_reminder");
    assertThat(right.path("notices").size()).isZero();
    assertThat(afterBreak.path("notices").size()).isZero();
  }

  @Test
  void inGroupsTheNamedCharacterSpeaksAndTheUserCanPick() {
    User user = adult();
    CharacterCard ada = catalog.character("Ada", "Hello from Ada!", List.of());
    CharacterCard bo = catalog.character("Bo Lindqvist", "Hello from Bo!", List.of());
    String id = startGroup(user, ada, bo);

    JsonNode toBo = send(user, id, "What do you think, bo?").body();
    JsonNode picked =
        call(
                "POST",
                "/v1/conversations/" + id + "/messages",
                user,
                Map.of("content", "Anyone?", "speaker_id", ada.id()))
            .body();

    assertThat(toBo.path("reply").path("speaker_id").asString()).isEqualTo(bo.id());
    assertThat(picked.path("reply").path("speaker_id").asString()).isEqualTo(ada.id());
    var prompt = model.streamed.getLast().messages();
    assertThat(prompt.getFirst().content()).contains("group conversation").contains("Bo Lindqvist");
    // Bo's earlier line reaches Ada's prompt as a named turn, not as her own
    assertThat(prompt.stream().anyMatch(m -> "Bo Lindqvist".equals(m.name()))).isTrue();
    assertThat(
            call(
                    "POST",
                    "/v1/conversations/" + id + "/messages",
                    user,
                    Map.of("content", "x", "speaker_id", "stranger"))
                .status())
        .isEqualTo(400);
  }

  @Test
  void aStreamedGroupReplyNamesItsSpeakerBeforeItsFirstWordsAndASingleChatDoesNot() {
    User user = adult();
    CharacterCard ada = catalog.character("Ada", "Hello from Ada!", List.of());
    CharacterCard bo = catalog.character("Bo Lindqvist", "Hello from Bo!", List.of());
    String group = startGroup(user, ada, bo);

    // the service picks Bo, who is named in the message
    List<Event> events =
        streamAll(
            "/v1/conversations/" + group + "/messages",
            user,
            Map.of("content", "What do you think, bo?"),
            Map.of());
    List<String> names = events.stream().map(Event::name).toList();
    assertThat(names).contains("speaker", "delta");
    assertThat(names.indexOf("speaker")).isLessThan(names.indexOf("delta"));
    JsonNode speaker = events.get(names.indexOf("speaker")).data();
    assertThat(speaker.path("speaker_id").asString()).isEqualTo(bo.id());
    assertThat(speaker.path("speaker_name").asString()).isEqualTo("Bo Lindqvist");

    String single = startWith(user, ada.id());
    List<String> singleNames =
        streamAll(
                "/v1/conversations/" + single + "/messages",
                user,
                Map.of("content", "Hi"),
                Map.of())
            .stream()
            .map(Event::name)
            .toList();
    assertThat(singleNames).contains("delta").doesNotContain("speaker");
  }

  /** Starts a group conversation with these characters and returns its id. */
  private String startGroup(User user, CharacterCard... characters) {
    Answer started =
        call(
            "POST",
            "/v1/conversations",
            user,
            Map.of("character_ids", Arrays.stream(characters).map(CharacterCard::id).toList()));
    assertThat(started.status()).isEqualTo(201);
    assertThat(started.body().path("conversation").path("is_group").asBoolean()).isTrue();
    return started.body().path("conversation").path("id").asString();
  }
}
