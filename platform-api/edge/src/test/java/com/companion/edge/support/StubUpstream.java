package com.companion.edge.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tiny HTTP server standing in for the services behind the edge. It echoes what it received
 * (path, method, the headers the edge must forward or keep, body size) as JSON; {@code POST
 * /v1/conversations/{id}/messages} answers an SSE stream whose events the test emits one by one.
 */
public final class StubUpstream implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Map<String, Sinks.Many<String>> streams = new ConcurrentHashMap<>();
  private final DisposableServer server;

  public StubUpstream() {
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(
                routes ->
                    routes
                        .post("/v1/conversations/{id}/messages", this::stream)
                        .route(request -> true, this::echo))
            .bindNow();
  }

  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /** The events the stream of conversation {@code id} will send, emitted when the test says. */
  public Sinks.Many<String> streamOf(String conversationId) {
    return streams.computeIfAbsent(
        conversationId, id -> Sinks.many().unicast().onBackpressureBuffer());
  }

  private Publisher<Void> stream(HttpServerRequest request, HttpServerResponse response) {
    Sinks.Many<String> sink = streamOf(request.param("id"));
    return request
        .receive()
        .then()
        .thenMany(
            response
                .header("Content-Type", "text/event-stream")
                .sendString(
                    sink.asFlux()
                        .map(text -> "event: delta\ndata: {\"text\":\"" + text + "\"}\n\n")));
  }

  private Publisher<Void> echo(HttpServerRequest request, HttpServerResponse response) {
    return request
        .receive()
        .aggregate()
        .map(buffer -> (long) buffer.readableBytes())
        .defaultIfEmpty(0L)
        .onErrorResume(e -> Mono.just(-1L))
        .flatMapMany(
            bytes -> {
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("path", request.uri());
              body.put("method", request.method().name());
              body.put("authorization", request.requestHeaders().get("Authorization"));
              body.put("request_id", request.requestHeaders().get("X-Request-Id"));
              body.put("host", request.requestHeaders().get("Host"));
              body.put("body_bytes", bytes);
              return response
                  .header("Content-Type", "application/json")
                  .header("X-Frame-Options", "SAMEORIGIN")
                  .sendString(Flux.just(JSON.writeValueAsString(body)));
            });
  }

  @Override
  public void close() {
    server.disposeNow();
  }
}
