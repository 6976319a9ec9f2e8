package com.companion.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny in-test inference node speaking the node API ({@code POST /v1/generate} as SSE, {@code
 * /ready}, {@code /metrics}), with switches for the failures the gateway must survive: answering
 * 503, a slow first token, dying mid-stream, not being ready.
 */
final class FakeNode implements AutoCloseable {

  private static final tools.jackson.databind.json.JsonMapper JSON =
      tools.jackson.databind.json.JsonMapper.builder().build();

  final HttpServer server;
  final List<String> bodies = new CopyOnWriteArrayList<>();
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger cancelled = new AtomicInteger();
  final AtomicInteger running = new AtomicInteger();
  volatile int status = 200;
  volatile boolean ready = true;
  volatile long firstTokenDelayMillis;
  volatile long tokenDelayMillis = 2;
  volatile int tokens = 5;

  /** Stop the whole server after this many tokens of a stream (a crashed node); -1 never. */
  volatile int dieAfterTokens = -1;

  /** The credential a caller must present, as the real node requires one. */
  static final String CREDENTIAL = "gateway:test-node-secret";

  /** The texts of the tokens to stream instead of {@code tok0 }, {@code tok1 }, ...; or null. */
  volatile List<String> texts;

  /** What {@code /ready} reports as the node's {@code max_tokens_limit}; null reports none. */
  volatile Integer maxTokensLimit;

  /** {@code Retry-After} sent with a non-200 {@code status}; null sends none. */
  volatile String retryAfter;

  /** The body sent with a non-200 {@code status}. */
  volatile String errorBody = "{\"error\":\"unavailable\"}";

  /** While set, streams wait before their first token until it is counted down. */
  volatile java.util.concurrent.CountDownLatch hold;

  FakeNode() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/ready", this::ready);
    server.createContext("/metrics", this::metrics);
    server.createContext("/v1/generate", this::generate);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void ready(HttpExchange exchange) throws IOException {
    Integer limit = maxTokensLimit;
    respond(
        exchange,
        ready ? 200 : 503,
        ready
            ? "{\"status\":\"READY\""
                + (limit == null ? "" : ",\"max_tokens_limit\":" + limit)
                + "}"
            : "{}");
  }

  private void metrics(HttpExchange exchange) throws IOException {
    respond(
        exchange,
        200,
        "# TYPE vllm:num_requests_running gauge\nvllm:num_requests_running{model_name=\"x\"} "
            + running.get()
            + "\nvllm:num_requests_waiting{model_name=\"x\"} 0\nvllm:kv_cache_usage_perc 0.1\n");
  }

  private void generate(HttpExchange exchange) throws IOException {
    if (!CREDENTIAL.equals(exchange.getRequestHeaders().getFirst("X-Service-Key"))) {
      respond(exchange, 401, "{\"status\":401}");
      return;
    }
    requests.incrementAndGet();
    bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    if (status != 200) {
      if (retryAfter != null) {
        exchange.getResponseHeaders().set("Retry-After", retryAfter);
      }
      respond(exchange, status, errorBody);
      return;
    }
    running.incrementAndGet();
    try {
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      sleep(firstTokenDelayMillis);
      java.util.concurrent.CountDownLatch gate = hold;
      if (gate != null) {
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      List<String> given = texts;
      int count = given == null ? tokens : given.size();
      for (int i = 0; i < count; i++) {
        if (dieAfterTokens >= 0 && i == dieAfterTokens) {
          server.stop(0);
          return;
        }
        if (i > 0) {
          sleep(tokenDelayMillis);
        }
        String text = given == null ? "tok" + i + " " : given.get(i);
        out.write(
            ("event: token\ndata: {\"text\":"
                    + JSON.writeValueAsString(text)
                    + ",\"token_id\":"
                    + (100 + i)
                    + "}\n\n")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      out.write(
          ("event: done\ndata: {\"finish_reason\":\"length\",\"prompt_tokens\":7,"
                  + "\"completion_tokens\":"
                  + count
                  + "}\n\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      out.close();
    } catch (IOException e) {
      // the gateway closed the connection: its client went away
      cancelled.incrementAndGet();
    } finally {
      running.decrementAndGet();
      exchange.close();
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
