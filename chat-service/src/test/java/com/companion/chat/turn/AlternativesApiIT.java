package com.companion.chat.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.companion.chat.support.ChatIntegrationTest;
import com.companion.chat.support.KafkaEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Regenerate and swipes, editing (branches), rewind, fork and ratings. */
class AlternativesApiIT extends ChatIntegrationTest {

  @Test
  void regenerateAddsASwipeAndSelectChoosesWhereTheStoryContinues() {
    User user = adult();
    String id = startWithAda(user);
    JsonNode first = send(user, id, "Tell me a joke").body().path("reply");
    String firstId = first.path("id").asString();

    List<Event> regenerated =
        streamAll(
            "/v1/conversations/" + id + "/messages/" + firstId + "/regenerate",
            user,
            null,
            Map.of());

    JsonNode second = regenerated.get(regenerated.size() - 2).data();
    assertThat(regenerated.getFirst().name()).isEqualTo("delta");
    assertThat(second.path("alternative").asInt()).isEqualTo(1);
    assertThat(second.path("alternative_count").asInt()).isEqualTo(2);
    assertThat(second.path("parent_id").asString()).isEqualTo(first.path("parent_id").asString());
    assertThat(model.streamed.getLast().messages().getLast().content()).isEqualTo("Tell me a joke");
    assertThat(lastMessage(user, id).path("id").asString()).isEqualTo(second.path("id").asString());

    Answer selected =
        call(
            "POST",
            "/v1/conversations/" + id + "/messages/" + firstId + "/select",
            user,
            Map.of("alternative", 0));
    assertThat(selected.body().path("id").asString()).isEqualTo(firstId);
    assertThat(lastMessage(user, id).path("id").asString()).isEqualTo(firstId);
    assertThat(
            call(
                    "POST",
                    "/v1/conversations/" + id + "/messages/" + firstId + "/select",
                    user,
                    Map.of("alternative", 5))
                .status())
        .isEqualTo(400);

    // the next turn continues from the chosen swipe
    send(user, id, "Another");
    List<String> path = contents(user, id);
    assertThat(path)
        .containsExactly(
            "Hello!",
            "Tell me a joke",
            first.path("content").asString(),
            "Another",
            "I hear you say Another.");
  }

  @Test
  void editingAUserMessageBranchesAndTheOldBranchStaysReachable() {
    User user = adult();
    String id = startWithAda(user);
    JsonNode turn = send(user, id, "I like cats").body();
    send(user, id, "And dogs");
    String userMessageId = turn.path("user_message").path("id").asString();

    Answer edited =
        call(
            "PUT",
            "/v1/conversations/" + id + "/messages/" + userMessageId,
            user,
            Map.of("content", "I like owls"));

    assertThat(edited.status()).isEqualTo(201);
    assertThat(edited.body().path("user_message").path("alternative").asInt()).isEqualTo(1);
    assertThat(contents(user, id))
        .containsExactly("Hello!", "I like owls", "I hear you say I like owls.");

    call(
        "POST",
        "/v1/conversations/" + id + "/messages/" + userMessageId + "/select",
        user,
        Map.of("alternative", 0));
    assertThat(contents(user, id))
        .containsExactly(
            "Hello!",
            "I like cats",
            "I hear you say I like cats.",
            "And dogs",
            "I hear you say And dogs.");
    assertThat(
            call(
                    "PUT",
                    "/v1/conversations/"
                        + id
                        + "/messages/"
                        + turn.path("reply").path("id").asString(),
                    user,
                    Map.of("content", "not mine"))
                .status())
        .isEqualTo(400);
  }

  @Test
  void rewindDeletesWhatFollowsAndForkCopiesThePath() {
    User user = adult();
    String id = startWithAda(user);
    JsonNode first = send(user, id, "One").body();
    send(user, id, "Two");
    String firstReply = first.path("reply").path("id").asString();

    Answer forked =
        call("POST", "/v1/conversations/" + id + "/fork", user, Map.of("message_id", firstReply));
    assertThat(forked.status()).isEqualTo(201);
    String forkId = forked.body().path("id").asString();
    assertThat(contents(user, forkId)).containsExactly("Hello!", "One", "I hear you say One.");

    Answer rewound =
        call("POST", "/v1/conversations/" + id + "/rewind", user, Map.of("message_id", firstReply));
    assertThat(rewound.status()).isEqualTo(200);
    assertThat(contents(user, id)).containsExactly("Hello!", "One", "I hear you say One.");
    send(user, id, "Three");
    assertThat(model.streamed.getLast().messages().stream().map(m -> m.content()).toList())
        .doesNotContain("Two");
    // the fork is independent of the rewind
    assertThat(contents(user, forkId)).hasSize(3);
  }

  @Test
  void ratingsAreStoredAndPublished() {
    User user = adult();
    String id = startWithAda(user);
    JsonNode turn = send(user, id, "Hi").body();
    String replyId = turn.path("reply").path("id").asString();
    String path = "/v1/conversations/" + id + "/messages/" + replyId + "/rating";

    Answer rated = call("PUT", path, user, Map.of("stars", 4, "reason", "funny"));
    assertThat(rated.status()).isEqualTo(200);
    assertThat(rated.body().path("rating").asInt()).isEqualTo(4);
    assertThat(call("PUT", path, user, Map.of("stars", 5)).status()).isEqualTo(400);
    assertThat(
            call(
                    "PUT",
                    "/v1/conversations/"
                        + id
                        + "/messages/"
                        + turn.path("user_message").path("id").asString()
                        + "/rating",
                    user,
                    Map.of("stars", 3))
                .status())
        .isEqualTo(400);
    assertThat(call("PUT", path, adult(), Map.of("stars", 1)).status()).isEqualTo(404);

    JsonNode rating =
        await().atMost(Duration.ofSeconds(20)).until(() -> findRating(replyId), e -> e != null);
    assertThat(rating.path("data").path("stars").asInt()).isEqualTo(4);
    assertThat(rating.path("data").path("reason").asString()).isEqualTo("funny");
  }

  private static JsonNode findRating(String replyId) {
    return KafkaEvents.findType("usage.chat-turn", "chat.reply.rated", "message_id", replyId);
  }

  private JsonNode lastMessage(User user, String id) {
    JsonNode items =
        call("GET", "/v1/conversations/" + id + "/messages", user, null).body().path("items");
    return items.path(items.size() - 1);
  }

  private List<String> contents(User user, String id) {
    JsonNode items =
        call("GET", "/v1/conversations/" + id + "/messages", user, null).body().path("items");
    return items.valueStream().map(item -> item.path("content").asString()).toList();
  }
}
