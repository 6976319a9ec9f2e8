package com.companion.gateway.safety;

import com.companion.gateway.GatewayProperties;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * safety-filter's {@code POST /v1/moderations}, called with the user's own token so that
 * safety-filter applies that user's policy (product and age group). safety-filter stays the only
 * owner of policies, lexicons and the classifier; the gateway only asks.
 */
@Component
public class ModerationClient {

  /** What safety-filter decided about a text. */
  public enum Verdict {
    ALLOW,
    BLOCK
  }

  private final WebClient http;
  private final JsonMapper json;
  private final Duration timeout;

  public ModerationClient(GatewayProperties properties, JsonMapper json) {
    this.http = WebClient.builder().baseUrl(properties.safety().url()).build();
    this.json = json;
    this.timeout = properties.safety().timeout();
  }

  /** Errors when safety-filter does not answer in time: the caller must then release nothing. */
  public Mono<Verdict> check(String text, String authorization) {
    return http.post()
        .uri("/v1/moderations")
        .contentType(MediaType.APPLICATION_JSON)
        .header(HttpHeaders.AUTHORIZATION, authorization)
        .bodyValue(json.writeValueAsString(Map.of("input", text)))
        .retrieve()
        .bodyToMono(String.class)
        .timeout(timeout)
        .map(answer -> verdict(json.readTree(answer)));
  }

  /** {@code block} and {@code redact} hold the text back; anything else lets it through. */
  static Verdict verdict(JsonNode answer) {
    JsonNode result = answer.path("results").path(0);
    String action =
        answer.path("action").isString()
            ? answer.path("action").asString()
            : result.path("action").asString(null);
    if (action == null) {
      return result.path("flagged").asBoolean(false) ? Verdict.BLOCK : Verdict.ALLOW;
    }
    return switch (action) {
      case "block", "redact" -> Verdict.BLOCK;
      default -> Verdict.ALLOW;
    };
  }
}
