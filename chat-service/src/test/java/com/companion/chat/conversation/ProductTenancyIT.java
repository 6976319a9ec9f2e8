package com.companion.chat.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.chat.catalog.CharacterCard;
import com.companion.chat.support.ChatIntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Products are tenants: the same account ({@code sub}) with a token for another product sees none
 * of its conversations, and every endpoint answers exactly as for an unknown conversation.
 */
class ProductTenancyIT extends ChatIntegrationTest {

  /** One request against a conversation: method, path below the conversation, body. */
  private record Probe(String method, String path, Object body) {}

  @Test
  void anotherProductOfTheSameAccountCannotReachItsConversations() {
    User glow = adult();
    User talkie = inProduct(glow, "talkie");
    String id = startWithAda(glow);
    JsonNode turn = send(glow, id, "My sister is called Mira").body();
    String userMessage = turn.path("user_message").path("id").asString();
    String reply = turn.path("reply").path("id").asString();
    Answer pinned =
        call(
            "POST",
            "/v1/conversations/" + id + "/memories",
            glow,
            Map.of("content", "Robin fears the sea"));
    assertThat(pinned.status()).isEqualTo(201);
    String memory = pinned.body().path("id").asString();

    List<Probe> probes =
        List.of(
            new Probe("GET", "", null),
            new Probe("GET", "/messages", null),
            new Probe("PATCH", "", Map.of("title", "mine now")),
            new Probe("POST", "/messages", Map.of("content", "hi from talkie")),
            new Probe("POST", "/messages/" + reply + "/regenerate", null),
            new Probe("PUT", "/messages/" + userMessage, Map.of("content", "edited")),
            new Probe("POST", "/messages/" + reply + "/select", Map.of("alternative", 0)),
            new Probe("PUT", "/messages/" + reply + "/rating", Map.of("stars", 1)),
            new Probe("POST", "/rewind", Map.of("message_id", userMessage)),
            new Probe("POST", "/fork", Map.of("message_id", reply)),
            new Probe("GET", "/memories", null),
            new Probe("POST", "/memories", Map.of("content", "planted")),
            new Probe("DELETE", "/memories/" + memory, null),
            new Probe("DELETE", "", null));
    String unknown = UUID.randomUUID().toString();
    for (Probe probe : probes) {
      Answer foreign =
          call(probe.method(), "/v1/conversations/" + id + probe.path(), talkie, probe.body());
      Answer missing =
          call(probe.method(), "/v1/conversations/" + unknown + probe.path(), talkie, probe.body());
      assertThat(foreign.status()).as("%s %s", probe.method(), probe.path()).isEqualTo(404);
      assertThat(foreign.body().path("type").asString())
          .as("%s %s answers as for an unknown conversation", probe.method(), probe.path())
          .isEqualTo(missing.body().path("type").asString());
      assertThat(foreign.body().path("detail").asString().replace(id, unknown))
          .isEqualTo(missing.body().path("detail").asString());
    }
    Answer listed = call("GET", "/v1/conversations", talkie, null);
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.body().path("items").size()).isZero();

    // the owner in glow finds everything as it was
    assertThat(call("GET", "/v1/conversations", glow, null).body().path("items").size())
        .isEqualTo(1);
    Answer read = call("GET", "/v1/conversations/" + id, glow, null);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body().path("conversation").path("title").asString()).isEqualTo("Ada");
    JsonNode messages = read.body().path("messages").path("items");
    assertThat(messages.size()).isEqualTo(3);
    assertThat(messages.path(1).path("content").asString()).isEqualTo("My sister is called Mira");
    assertThat(
            messages.path(2).path("rating").isNull()
                || messages.path(2).path("rating").isMissingNode())
        .isTrue();
    JsonNode memories =
        call("GET", "/v1/conversations/" + id + "/memories", glow, null).body().path("items");
    assertThat(memories.size()).isEqualTo(1);
    assertThat(memories.path(0).path("content").asString()).isEqualTo("Robin fears the sea");
    assertThat(model.streamed).hasSize(1);
    assertThat(call("DELETE", "/v1/conversations/" + id, glow, null).status()).isEqualTo(204);
  }

  @Test
  void anIdempotencyKeyBelongsToOneProduct() {
    User glow = adult();
    User talkie = inProduct(glow, "talkie");
    CharacterCard bard = catalog.character("Ada", "Hello!", List.of());
    String inGlow = startWith(glow, bard.id());
    String inTalkie = startWith(talkie, bard.id());
    Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
    Map<String, String> body = Map.of("content", "Good morning");

    Answer first = call("POST", "/v1/conversations/" + inGlow + "/messages", glow, body, key);
    Answer second = call("POST", "/v1/conversations/" + inTalkie + "/messages", talkie, body, key);
    Answer replayed = call("POST", "/v1/conversations/" + inGlow + "/messages", glow, body, key);

    // the same key in another product is another request, not a mismatch nor a replay
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    assertThat(second.status()).as(second.toString()).isEqualTo(201);
    assertThat(second.body().path("reply").path("conversation_id").asString()).isEqualTo(inTalkie);
    assertThat(replayed.body().path("reply").path("id").asString())
        .isEqualTo(first.body().path("reply").path("id").asString());
    assertThat(model.streamed).hasSize(2);
  }
}
