package com.companion.analytics;

import com.companion.contracts.events.ChatEvents;
import com.companion.contracts.events.ClientEvent;
import com.companion.contracts.events.ModelRequestUsage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** CloudEvents JSON as the platform's outbox relays and the edge write it. */
public final class Events {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Events() {}

  public static String envelope(
      String id, String type, Instant time, String product, String user, Map<String, ?> data) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("specversion", "1.0");
    event.put("id", id);
    event.put("source", "/test");
    event.put("type", type);
    event.put("time", time.toString());
    event.put("datacontenttype", "application/json");
    event.put("product", product);
    if (user != null) {
      event.put("userid", user);
    }
    event.put("data", data);
    return JSON.writeValueAsString(event);
  }

  public static String turn(
      String product,
      String user,
      Instant time,
      String conversation,
      String kind,
      String version,
      Long ttftMs) {
    return turn(
        UUID.randomUUID().toString(),
        product,
        user,
        time,
        conversation,
        kind,
        version,
        ttftMs,
        "c1",
        "allowed");
  }

  public static String turn(
      String id,
      String product,
      String user,
      Instant time,
      String conversation,
      String kind,
      String version,
      Long ttftMs,
      String character,
      String safety) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("schema_version", 1);
    data.put("conversation_id", conversation);
    data.put("message_id", "m-" + id);
    data.put("character_id", character);
    data.put("character_version", 1);
    data.put("kind", kind);
    data.put("model_version", version);
    data.put("prompt_tokens", 10);
    data.put("completion_tokens", 20);
    data.put("ttft_ms", ttftMs);
    data.put("total_ms", 900);
    data.put("finish_reason", "stop");
    data.put("safety_outcome", safety);
    data.put("minor", false);
    return envelope(id, ChatEvents.TURN_COMPLETED, time, product, user, data);
  }

  /** A {@code character.lifecycle} event; {@code user} is the actor's pseudonym. */
  public static String character(
      String product, String user, Instant time, String characterId, String action) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("schema_version", 1);
    data.put("character_id", characterId);
    data.put("version", 1);
    data.put("action", action);
    data.put("visibility", "public");
    data.put("review_status", "approved");
    data.put("name", "name of " + characterId);
    return envelope(UUID.randomUUID().toString(), "character." + action, time, product, user, data);
  }

  /** A user's message ({@code send}) to a character in a conversation. */
  public static String message(
      String product, String user, Instant time, String conversation, String character) {
    return turn(
        UUID.randomUUID().toString(),
        product,
        user,
        time,
        conversation,
        "send",
        "v1",
        100L,
        character,
        "allowed");
  }

  public static String rating(
      String product, String user, Instant time, String conversation, String messageId, int stars) {
    return envelope(
        UUID.randomUUID().toString(),
        ChatEvents.REPLY_RATED,
        time,
        product,
        user,
        Map.of(
            "schema_version", 1,
            "conversation_id", conversation,
            "message_id", messageId,
            "character_id", "c1",
            "stars", stars));
  }

  public static String client(
      String product, String user, Instant time, String name, String character) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("schema_version", 1);
    data.put("client_event_id", UUID.randomUUID().toString());
    data.put("name", name);
    data.put("client_time", time.toString());
    data.put("age_group", "adult");
    data.put("properties", character == null ? Map.of() : Map.of("character_id", character));
    return envelope(UUID.randomUUID().toString(), ClientEvent.TYPE, time, product, user, data);
  }

  public static String modelRequest(Instant time, String alias, String version) {
    return envelope(
        UUID.randomUUID().toString(),
        ModelRequestUsage.TYPE,
        time,
        "glow",
        null,
        Map.of(
            "schema_version",
            1,
            "request_id",
            UUID.randomUUID().toString(),
            "alias",
            alias,
            "version",
            version,
            "status",
            "ok"));
  }
}
