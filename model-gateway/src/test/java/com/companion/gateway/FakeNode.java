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
    respond(exchange, ready ? 200 : 503, ready ? "{\"status\":\"ready\"}" : "{}");
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
    requests.incrementAndGet();
    bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    if (status != 200) {
      respond(exchange, status, "{\"error\":\"unavailable\"}");
      return;
    }
    running.incrementAndGet();
    try {
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      sleep(firstTokenDelayMillis);
      for (int i = 0; i < tokens; i++) {
        if (dieAfterTokens >= 0 && i == dieAfterTokens) {
          server.stop(0);
          return;
        }
        if (i > 0) {
          sleep(tokenDelayMillis);
        }
        out.write(
            ("event: token\ndata: {\"text\":\"tok" + i + " \",\"token_id\":" + (100 + i) + "}\n\n")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      out.write(
          ("event: done\ndata: {\"finish_reason\":\"length\",\"prompt_tokens\":7,"
                  + "\"completion_tokens\":"
                  + tokens
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
