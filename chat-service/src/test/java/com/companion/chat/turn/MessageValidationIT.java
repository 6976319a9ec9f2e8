package com.companion.chat.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.chat.support.ChatIntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A message is what the user typed: JSON text, nothing else is turned into text. */
class MessageValidationIT extends ChatIntegrationTest {

  @Test
  void contentThatIsNotAStringIsABadRequest() {
    User user = adult();
    String conversation = startWithAda(user);
    String path = "/v1/conversations/" + conversation + "/messages";

    for (Object content : List.of(123, 1.5, true, List.of("a"), Map.of("text", "hi"))) {
      Answer answer = call("POST", path, user, Map.of("content", content));
      assertThat(answer.status()).as("content %s", content).isEqualTo(400);
      assertThat(answer.body().path("type").asString()).contains("/problems/");
    }
    assertThat(call("POST", path, user, Map.of("content", "hi", "speaker_id", 7)).status())
        .isEqualTo(400);
    // nothing was stored: the conversation still holds only its greeting
    Answer history = call("GET", path, user, null);
    assertThat(history.body().path("items").size()).isEqualTo(1);
  }
}
