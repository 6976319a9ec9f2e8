package com.companion.chat.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.companion.chat.support.ChatIntegrationTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Pinned memories and the rolling summary (every 3 turns in these tests). */
class MemoryApiIT extends ChatIntegrationTest {

  @Test
  void pinnedMemoriesAreListedUsedInThePromptLimitedAndRemovable() {
    User user = adult();
    String id = startWithAda(user);
    JsonNode turn = send(user, id, "My sister is called Mira").body();
    String path = "/v1/conversations/" + id + "/memories";

    Answer pinned =
        call(
            "POST",
            path,
            user,
            Map.of("message_id", turn.path("user_message").path("id").asString()));
    clock.advance(Duration.ofSeconds(1));
    call("POST", path, user, Map.of("content", "Robin fears the sea"));
    clock.advance(Duration.ofSeconds(1));
    call("POST", path, user, Map.of("content", "Robin owes Ada a song"));
    Answer tooMany = call("POST", path, user, Map.of("content", "one too many"));
    Answer tooLong = call("POST", path, user, Map.of("content", "x".repeat(501)));

    assertThat(pinned.status()).isEqualTo(201);
    assertThat(tooMany.status()).isEqualTo(409);
    assertThat(tooLong.status()).isEqualTo(422);
    JsonNode listed = call("GET", path, user, null).body().path("items");
    assertThat(listed.size()).isEqualTo(3);
    assertThat(listed.path(0).path("content").asString()).isEqualTo("My sister is called Mira");

    send(user, id, "Do you remember?");
    assertThat(model.streamed.getLast().messages().getFirst().content())
        .contains("Things to remember")
        .contains("Robin fears the sea");

    String memoryId = listed.path(1).path("id").asString();
    assertThat(call("DELETE", path + "/" + memoryId, user, null).status()).isEqualTo(204);
    assertThat(call("DELETE", path + "/" + memoryId, user, null).status()).isEqualTo(404);
    assertThat(call("GET", path, adult(), null).status()).isEqualTo(404);
  }

  @Test
  void aRollingSummaryIsWrittenInTheBackgroundAndUsedAfterwards() {
    User user = adult();
    String id = startWithAda(user);
    for (int i = 0; i < 3; i++) {
      assertThat(send(user, id, "turn " + i).status()).isEqualTo(201);
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                jdbc.sql("select summary from chat.conversations where id = ?")
                        .param(UUID.fromString(id))
                        .query(String.class)
                        .optional()
                        .orElse(null)
                    != null);
    assertThat(model.completed).hasSize(1);
    assertThat(model.completed.getFirst().messages().getLast().content()).contains("turn 2");

    send(user, id, "what happened?");
    assertThat(model.streamed.getLast().messages().getFirst().content())
        .contains("Summary of the story so far: They met and talked.");
  }
}
