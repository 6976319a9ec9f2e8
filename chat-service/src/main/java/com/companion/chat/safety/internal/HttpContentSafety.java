package com.companion.chat.safety.internal;

import com.companion.chat.Caller;
import com.companion.chat.internal.Downstream;
import com.companion.chat.safety.CheckedPrefixModeration;
import com.companion.chat.safety.ContentSafety;
import com.companion.chat.safety.ModerationVerdict;
import com.companion.chat.safety.ReplyModeration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ContentSafety} over safety-filter: {@code POST /v1/moderations} for user messages, and a
 * streaming session ({@link SessionReplyModeration}) for each reply, or plain checks of the reply
 * so far ({@link CheckedPrefixModeration}) where sessions are switched off or missing.
 */
public final class HttpContentSafety implements ContentSafety {

  private final WebClient http;
  private final JsonMapper json;
  private final Duration timeout;
  private final boolean streamingSessions;
  private final int checkEveryChars;
  private final int maxCheckedChars;

  /**
   * @param streamingSessions moderate replies with safety-filter's streaming sessions; otherwise
   *     (or when it has none) with plain checks of the text so far
   */
  public HttpContentSafety(
      WebClient http,
      JsonMapper json,
      Duration timeout,
      boolean streamingSessions,
      int checkEveryChars,
      int maxCheckedChars) {
    this.http = http;
    this.json = json;
    this.timeout = timeout;
    this.streamingSessions = streamingSessions;
    this.checkEveryChars = checkEveryChars;
    this.maxCheckedChars = maxCheckedChars;
  }

  @Override
  public Mono<ModerationVerdict> checkInput(String text, Caller caller) {
    return moderate(text, caller);
  }

  @Override
  public ReplyModeration openReply(Caller caller) {
    ReplyModeration checks =
        new CheckedPrefixModeration(
            text -> moderate(text, caller), checkEveryChars, maxCheckedChars);
    return streamingSessions
        ? new SessionReplyModeration(http, json, caller, timeout, checks)
        : checks;
  }

  private Mono<ModerationVerdict> moderate(String text, Caller caller) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("input", text);
    if (caller != null && caller.principal() != null) {
      body.put("product", caller.principal().product());
      body.put("age_group", caller.principal().isMinor() ? "minor" : "adult");
    }
    return http.post()
        .uri("/v1/moderations")
        .contentType(MediaType.APPLICATION_JSON)
        .headers(headers -> Downstream.forward(headers, caller))
        .bodyValue(json.writeValueAsString(body))
        .retrieve()
        .bodyToMono(String.class)
        .timeout(timeout)
        .map(answer -> verdict(json.readTree(answer)))
        .onErrorMap(e -> Downstream.unavailable("safety-filter", e));
  }

  /** Reads the OpenAI moderation shape plus {@code action} (top level or per result). */
  static ModerationVerdict verdict(JsonNode answer) {
    JsonNode result = answer.path("results").path(0);
    String action =
        answer.path("action").isString()
            ? answer.path("action").asString()
            : result.path("action").asString(null);
    List<String> categories = new ArrayList<>();
    for (Map.Entry<String, JsonNode> category : result.path("categories").properties()) {
      if (category.getValue().asBoolean(false)) {
        categories.add(category.getKey());
      }
    }
    if (action == null) {
      action = result.path("flagged").asBoolean(false) ? "block" : "allow";
    }
    return new ModerationVerdict(
        ModerationVerdict.Action.parse(action),
        categories,
        support(result.path("supportive_reply")));
  }

  private static ModerationVerdict.Support support(JsonNode reply) {
    if (!reply.isObject()) {
      return null;
    }
    List<String> resources = new ArrayList<>();
    for (JsonNode line : reply.path("resources").values()) {
      resources.add(line.asString(""));
    }
    return new ModerationVerdict.Support(
        reply.path("locale").asString("en"),
        reply.path("message").asString(""),
        reply.path("check_in").asString(""),
        resources);
  }
}
