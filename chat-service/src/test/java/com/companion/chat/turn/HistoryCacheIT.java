package com.companion.chat.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.chat.support.ChatIntegrationTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import tools.jackson.databind.JsonNode;

/** The recent history lives in Redis between turns and is dropped by edits, rewinds and deletes. */
class HistoryCacheIT extends ChatIntegrationTest {

  @Autowired ReactiveStringRedisTemplate redis;

  private String cached(String conversationId) {
    return redis.opsForValue().get("chat:history:" + conversationId).block(Duration.ofSeconds(2));
  }

  @Test
  void turnsFillTheCacheAndEditsRewindsAndDeletesDropIt() {
    User user = adult();
    String id = startWithAda(user);
    JsonNode first = send(user, id, "One").body();
    JsonNode second = send(user, id, "Two").body();

    String entry = cached(id);
    assertThat(entry).contains(second.path("reply").path("id").asString()).contains("Two");

    call(
        "POST",
        "/v1/conversations/" + id + "/rewind",
        user,
        Map.of("message_id", first.path("reply").path("id").asString()));
    assertThat(cached(id)).isNull();

    send(user, id, "Three");
    assertThat(cached(id)).contains("Three").doesNotContain("\"Two\"");
    call(
        "PUT",
        "/v1/conversations/" + id + "/messages/" + first.path("user_message").path("id").asString(),
        user,
        Map.of("content", "Uno"));
    assertThat(cached(id)).contains("Uno");

    call("DELETE", "/v1/conversations/" + id, user, null);
    assertThat(cached(id)).isNull();
  }
}
