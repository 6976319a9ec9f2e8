package com.companion.chat.model.internal;

import com.companion.chat.Caller;
import com.companion.chat.internal.Downstream;
import com.companion.chat.model.ChatMessage;
import com.companion.chat.model.ModelChunk;
import com.companion.chat.model.ModelClient;
import com.companion.chat.model.ModelReply;
import com.companion.chat.model.ModelRequest;
import com.companion.chat.model.TokenUsage;
import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.PlatformProblem;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@link ModelClient} over model-gateway's OpenAI Chat Completions API. */
public final class HttpModelClient implements ModelClient {

  private final WebClient http;
  private final JsonMapper json;
  private final Duration firstTokenTimeout;
  private final Duration idleTimeout;

  public HttpModelClient(
      WebClient http, JsonMapper json, Duration firstTokenTimeout, Duration idleTimeout) {
    this.http = http;
    this.json = json;
    this.firstTokenTimeout = firstTokenTimeout;
    this.idleTimeout = idleTimeout;
  }

  @Override
  public Flux<ModelChunk> stream(ModelRequest request, Caller caller) {
    Map<String, Object> body = body(request, true);
    return http.post()
        .uri("/v1/chat/completions")
        .contentType(MediaType.APPLICATION_JSON)
        .accept(MediaType.TEXT_EVENT_STREAM)
        .headers(headers -> Downstream.forward(headers, caller))
        .bodyValue(json.writeValueAsString(body))
        .retrieve()
        .bodyToFlux(DataBuffer.class)
        .transform(
            buffers ->
                Flux.defer(
                    () -> {
                      CompletionStreamParser parser = new CompletionStreamParser(json);
                      // read to the body's end, not only to [DONE]: a response cancelled before
                      // its last chunk closes the connection, and the next turn opens a new one
                      return buffers
                          .concatMapIterable(buffer -> read(parser, buffer))
                          // a long reply may take its time, but a stream that falls silent ends:
                          // the first piece may take firstTokenTimeout (prefill behind a queue),
                          // each later one idleTimeout
                          .timeout(Mono.delay(firstTokenTimeout), chunk -> Mono.delay(idleTimeout))
                          // a body still open after its [DONE] has said all it had
                          .onErrorResume(
                              TimeoutException.class,
                              timeout -> parser.done() ? Flux.empty() : Flux.error(timeout));
                    }))
        .onErrorMap(HttpModelClient::problem);
  }

  private static List<ModelChunk> read(CompletionStreamParser parser, DataBuffer buffer) {
    try {
      byte[] bytes = new byte[buffer.readableByteCount()];
      buffer.read(bytes);
      return parser.feed(bytes, 0, bytes.length);
    } finally {
      DataBufferUtils.release(buffer);
    }
  }

  @Override
  public Mono<ModelReply> complete(ModelRequest request, Caller caller) {
    return http.post()
        .uri("/v1/chat/completions")
        .contentType(MediaType.APPLICATION_JSON)
        .headers(headers -> Downstream.forward(headers, caller))
        .bodyValue(json.writeValueAsString(body(request, false)))
        .retrieve()
        .bodyToMono(String.class)
        .map(
            text -> {
              JsonNode node = json.readTree(text);
              JsonNode choice = node.path("choices").path(0);
              return new ModelReply(
                  choice.path("message").path("content").asString(""),
                  choice.path("finish_reason").asString("stop"),
                  usage(node.path("usage")),
                  versionOf(node, request.model()));
            })
        .onErrorMap(HttpModelClient::problem);
  }

  private static Map<String, Object> body(ModelRequest request, boolean stream) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", request.model());
    body.put("messages", request.messages().stream().map(HttpModelClient::message).toList());
    body.put("max_tokens", request.maxTokens());
    body.put("temperature", request.temperature());
    body.put("top_p", request.topP());
    body.put("top_k", request.topK());
    body.put("min_p", request.minP());
    body.put("repetition_penalty", request.repetitionPenalty());
    body.put("route_key", request.routeKey());
    body.put("stream", stream);
    if (stream) {
      body.put("stream_options", Map.of("include_usage", true));
    }
    return body;
  }

  private static Map<String, Object> message(ChatMessage message) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("role", message.role());
    out.put("content", message.content());
    if (message.name() != null && !message.name().isBlank()) {
      out.put("name", message.name());
    }
    return out;
  }

  static List<ModelChunk> chunks(JsonNode node) {
    if (node.path("error").isObject()) {
      // the gateway reports a failure after the stream began as an OpenAI error object
      throw Downstream.unavailable(
          "the model", new IllegalStateException(node.path("error").path("message").asString("")));
    }
    String model = versionOf(node, null);
    TokenUsage usage = node.path("usage").isObject() ? usage(node.path("usage")) : null;
    JsonNode choice = node.path("choices").path(0);
    String text = choice.path("delta").path("content").asString("");
    JsonNode finish = choice.path("finish_reason");
    String finishReason = finish.isString() ? finish.asString() : null;
    if (text.isEmpty() && finishReason == null && usage == null) {
      return List.of();
    }
    return List.of(new ModelChunk(text, finishReason, usage, model));
  }

  /**
   * The model version that answered: model-gateway names it in {@code system_fingerprint} ({@code
   * fp_<version>}, stable or canary), while {@code model} repeats the alias asked for. The version
   * is what the usage events and growth-analytics' per-version quality need.
   */
  static String versionOf(JsonNode node, String fallback) {
    String fingerprint = node.path("system_fingerprint").asString("");
    if (fingerprint.startsWith("fp_") && fingerprint.length() > 3) {
      return fingerprint.substring(3);
    }
    return node.path("model").asString(fallback);
  }

  private static TokenUsage usage(JsonNode usage) {
    return new TokenUsage(
        usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0));
  }

  private static Throwable problem(Throwable error) {
    if (error instanceof ErrorResponseException) {
      return error;
    }
    if (error instanceof WebClientResponseException response
        && response.getStatusCode().value() == HttpStatus.SERVICE_UNAVAILABLE.value()
        && response.getResponseBodyAsString().contains("\"overloaded\"")) {
      String retryAfter = response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER);
      PlatformProblem busy =
          PlatformProblem.of(
              HttpStatus.SERVICE_UNAVAILABLE,
              ModelClient.BUSY,
              "many people are chatting right now, please try again in "
                  + (retryAfter == null ? "a few" : retryAfter)
                  + " s",
              error);
      if (retryAfter != null) {
        busy.getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfter);
      }
      return busy;
    }
    if (error instanceof WebClientResponseException response
        && response.getStatusCode().value() == HttpStatus.TOO_MANY_REQUESTS.value()) {
      return PlatformProblem.of(
          HttpStatus.TOO_MANY_REQUESTS,
          ProblemType.RATE_LIMITED,
          "the model quota is used up for now, please try again later",
          error);
    }
    return Downstream.unavailable("the model", error);
  }
}
