package com.companion.gateway.completion.internal;

import com.companion.gateway.completion.GenerationEvent;
import io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls one node's {@code POST /v1/generate} and turns its SSE stream into events. */
public final class InferenceClient {

  private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE =
      new ParameterizedTypeReference<>() {};

  private final WebClient http;
  private final JsonMapper json;

  public InferenceClient(WebClient.Builder builder, JsonMapper json, Duration connectTimeout) {
    ConnectionProvider connections =
        ConnectionProvider.builder("inference-nodes")
            .maxConnections(2048)
            .pendingAcquireMaxCount(-1)
            .maxIdleTime(Duration.ofSeconds(30))
            .build();
    HttpClient client =
        HttpClient.create(connections)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
            .option(ChannelOption.TCP_NODELAY, true);
    this.http = builder.clientConnector(new ReactorClientHttpConnector(client)).build();
    this.json = json;
  }

  /**
   * Streams one generation. A non-2xx answer errors with {@link NodeStatusException}; cancelling
   * the returned flux closes the connection, which the node takes as "stop generating".
   */
  public Flux<GenerationEvent> generate(String baseUrl, Map<String, Object> body) {
    return http.post()
        .uri(baseUrl + "/v1/generate")
        .contentType(MediaType.APPLICATION_JSON)
        .accept(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchangeToFlux(
            response -> {
              if (!response.statusCode().is2xxSuccessful()) {
                return response
                    .bodyToMono(String.class)
                    .defaultIfEmpty("")
                    .flatMapMany(
                        text ->
                            Flux.error(
                                new NodeStatusException(response.statusCode().value(), text)));
              }
              MediaType type = response.headers().contentType().orElse(MediaType.TEXT_EVENT_STREAM);
              if (MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
                return response.bodyToMono(String.class).flatMapMany(this::fromSingleJson);
              }
              java.util.concurrent.atomic.AtomicBoolean done =
                  new java.util.concurrent.atomic.AtomicBoolean();
              return response
                  .bodyToFlux(SSE)
                  .concatMap(this::fromEvent)
                  .doOnNext(
                      event -> {
                        if (event instanceof GenerationEvent.Done) {
                          done.set(true);
                        }
                      })
                  // a stream cut without its done event is a dead node, not a finished answer
                  .concatWith(
                      Flux.defer(
                          () ->
                              done.get()
                                  ? Flux.empty()
                                  : Flux.error(
                                      new NodeStatusException(
                                          502, "stream ended without a done event"))));
            });
  }

  private Flux<GenerationEvent> fromEvent(ServerSentEvent<String> event) {
    String name = event.event();
    String data = event.data();
    if (data == null || data.isBlank()) {
      return Flux.empty();
    }
    JsonNode node = json.readTree(data);
    if ("done".equals(name)) {
      return Flux.just(done(node));
    }
    if ("error".equals(name)) {
      return Flux.error(new NodeStatusException(500, data));
    }
    if (node.has("text")) {
      return Flux.just(new GenerationEvent.Token(node.get("text").asString()));
    }
    if (node.has("finish_reason")) {
      return Flux.just(done(node));
    }
    return Flux.empty();
  }

  private Flux<GenerationEvent> fromSingleJson(String body) {
    JsonNode node = json.readTree(body);
    String text = node.path("text").asString("");
    return text.isEmpty()
        ? Flux.just(done(node))
        : Flux.just(new GenerationEvent.Token(text), done(node));
  }

  private static GenerationEvent.Done done(JsonNode node) {
    return new GenerationEvent.Done(
        node.path("finish_reason").asString("stop"),
        node.path("prompt_tokens").asInt(0),
        node.path("completion_tokens").asInt(0));
  }

  /** The node answered with a non-2xx status. */
  public static final class NodeStatusException extends RuntimeException {

    private final int status;

    public NodeStatusException(int status, String body) {
      super("node answered " + status + (body.isBlank() ? "" : ": " + abbreviate(body)));
      this.status = status;
    }

    public int status() {
      return status;
    }

    private static String abbreviate(String body) {
      return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
  }
}
