package com.companion.gateway.completion.internal;

import com.companion.gateway.completion.GenerationEvent;
import io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls one node's {@code POST /v1/generate} and turns its SSE stream into events. */
public final class InferenceClient {

  /** The header that carries the gateway's credential to the nodes. */
  public static final String CREDENTIAL_HEADER = "X-Service-Key";

  private final WebClient http;
  private final JsonMapper json;
  private final String credential;

  public InferenceClient(
      WebClient.Builder builder, JsonMapper json, Duration connectTimeout, String credential) {
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
    this.credential = credential;
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
        .header(CREDENTIAL_HEADER, credential)
        .bodyValue(body)
        .exchangeToFlux(
            response -> {
              if (!response.statusCode().is2xxSuccessful()) {
                String retryAfter =
                    response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER);
                return response
                    .bodyToMono(String.class)
                    .defaultIfEmpty("")
                    .flatMapMany(
                        text ->
                            Flux.error(
                                new NodeStatusException(
                                    response.statusCode().value(), text, retryAfter)));
              }
              MediaType type = response.headers().contentType().orElse(MediaType.TEXT_EVENT_STREAM);
              if (MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
                return response.bodyToMono(String.class).flatMapMany(this::fromSingleJson);
              }
              NodeEventParser parser = new NodeEventParser(json);
              AtomicBoolean done = new AtomicBoolean();
              return response
                  .bodyToFlux(DataBuffer.class)
                  .concatMapIterable(
                      buffer -> {
                        try {
                          byte[] bytes = new byte[buffer.readableByteCount()];
                          buffer.read(bytes);
                          return parser.feed(bytes, 0, bytes.length);
                        } finally {
                          DataBufferUtils.release(buffer);
                        }
                      })
                  .onErrorMap(
                      NodeEventParser.NodeErrorEvent.class,
                      error -> new NodeStatusException(500, error.getMessage(), null))
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
                                          502, "stream ended without a done event", null))));
            });
  }

  private Flux<GenerationEvent> fromSingleJson(String body) {
    JsonNode node = json.readTree(body);
    String text = node.path("text").asString("");
    return text.isEmpty()
        ? Flux.just(done(node))
        : Flux.just(new GenerationEvent.Token(text), done(node));
  }

  static GenerationEvent.Done done(JsonNode node) {
    return new GenerationEvent.Done(
        node.path("finish_reason").asString("stop"),
        node.path("prompt_tokens").asInt(0),
        node.path("completion_tokens").asInt(0));
  }

  /** The node answered with a non-2xx status. */
  public static final class NodeStatusException extends RuntimeException {

    private final int status;
    private final String body;
    private final String retryAfter;

    public NodeStatusException(int status, String body, String retryAfter) {
      super("node answered " + status + (body.isBlank() ? "" : ": " + abbreviate(body)));
      this.status = status;
      this.body = body;
      this.retryAfter = retryAfter;
    }

    public int status() {
      return status;
    }

    /** The node's answer as it came (a problem+json for a 4xx); never shown to a caller as is. */
    public String body() {
      return body;
    }

    /** The node's {@code Retry-After}, or null. */
    public String retryAfter() {
      return retryAfter;
    }

    private static String abbreviate(String body) {
      return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
  }
}
