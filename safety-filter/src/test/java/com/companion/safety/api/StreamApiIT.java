package com.companion.safety.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StreamApiIT extends ApiTestBase {

  @Test
  void aPhraseSplitAcrossChunksIsCaughtOverHttp() {
    User u = minor();
    JsonNode opened = post(u, "/v1/moderations/streams", Map.of(), 201);
    String id = opened.path("id").asString();
    assertThat(opened.path("max_hold_back_chars").asInt()).isPositive();
    JsonNode a =
        post(u, "/v1/moderations/streams/" + id + "/chunks", Map.of("text", "好的，我想杀了"), 200);
    assertThat(a.path("released").asString()).isEqualTo("好的，我想");
    JsonNode b = post(u, "/v1/moderations/streams/" + id + "/chunks", Map.of("text", "你。"), 200);
    assertThat(b.path("stopped").asBoolean()).isTrue();
    assertThat(b.path("replacement").asString()).isNotBlank();
    post(u, "/v1/moderations/streams/" + id + "/chunks", Map.of("text", "more"), 409);
  }

  @Test
  void cleanTextFlowsAndCloseReleasesTheRest() {
    User u = adult();
    String id = post(u, "/v1/moderations/streams", Map.of(), 201).path("id").asString();
    StringBuilder shown = new StringBuilder();
    for (String chunk : new String[] {"Once upon ", "a time there ", "was a cat"}) {
      shown.append(
          post(u, "/v1/moderations/streams/" + id + "/chunks", Map.of("text", chunk), 200)
              .path("released")
              .asString());
    }
    JsonNode closed = post(u, "/v1/moderations/streams/" + id + "/close", Map.of(), 200);
    shown.append(closed.path("released").asString());
    assertThat(shown.toString()).isEqualTo("Once upon a time there was a cat");
    // the stream is gone, and another user never sees it
    post(u, "/v1/moderations/streams/" + id + "/chunks", Map.of("text", "x"), 404);
    String other = post(u, "/v1/moderations/streams", Map.of(), 201).path("id").asString();
    post(adult(), "/v1/moderations/streams/" + other + "/chunks", Map.of("text", "x"), 404);
  }
}
