package com.companion.chat.degradation;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.chat.support.ChatIntegrationTest;
import com.companion.testkit.Infra;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** With Redis unreachable every feature still works, reading PostgreSQL and the catalog instead. */
class RedisDownIT extends ChatIntegrationTest {

  @DynamicPropertySource
  static void deadRedis(DynamicPropertyRegistry registry) {
    registry.add("spring.data.redis.port", () -> String.valueOf(Infra.freePort()));
  }

  @Test
  void aWholeConversationWorksWithoutRedis() {
    User user = adult();
    String id = startWithAda(user);
    int reads = catalog.versionReads.get();

    JsonNode first = send(user, id, "One").body();
    JsonNode second = send(user, id, "Two").body();
    Answer regenerated =
        call(
            "POST",
            "/v1/conversations/"
                + id
                + "/messages/"
                + second.path("reply").path("id").asString()
                + "/regenerate",
            user,
            null);
    Answer rewound =
        call(
            "POST",
            "/v1/conversations/" + id + "/rewind",
            user,
            Map.of("message_id", first.path("reply").path("id").asString()));
    JsonNode third = send(user, id, "Three").body();

    assertThat(first.path("reply").path("content").asString()).isEqualTo("I hear you say One.");
    assertThat(regenerated.status()).isEqualTo(201);
    assertThat(rewound.status()).isEqualTo(200);
    assertThat(third.path("reply").path("content").asString()).isEqualTo("I hear you say Three.");
    assertThat(model.streamed.getLast().messages().stream().map(m -> m.content()).toList())
        .contains("One")
        .doesNotContain("Two");
    // no cache: every turn read the pinned character version again
    assertThat(catalog.versionReads.get() - reads).isEqualTo(4);
  }
}
