package com.companion.chat.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server playing identity-service's {@code GET /v1/me/chat-policy}: identity-service
 * itself cannot run inside chat-service's tests. Answers are set per {@code Authorization} header
 * (one per test user); a user without one is allowed to chat. One server per test JVM.
 */
public final class IdentityStub {

  private static final String ALLOWED =
      "{\"chat_allowed\":true,\"reason\":null,\"guardian_consent\":\"granted\","
          + "\"daily_limit_minutes\":null,\"minutes_used_today\":0}";

  private static HttpServer server;
  private static final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  private record Answer(int status, String body) {}

  private IdentityStub() {}

  /** The stub's base URL, for {@code chat.identity.url}. */
  public static synchronized String url() {
    if (server == null) {
      try {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server.createContext("/v1/me/chat-policy", IdentityStub::policy);
      server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
    }
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Chat not allowed for this user, for {@code reason}. */
  public static void refuse(String authorization, String reason) {
    answers.put(
        authorization,
        new Answer(
            200,
            "{\"chat_allowed\":false,\"reason\":\""
                + reason
                + "\",\"guardian_consent\":\"missing\",\"daily_limit_minutes\":60,"
                + "\"minutes_used_today\":60}"));
  }

  public static void allow(String authorization) {
    answers.put(authorization, new Answer(200, ALLOWED));
  }

  /** identity-service failing for this user. */
  public static void fail(String authorization, int status) {
    answers.put(authorization, new Answer(status, "{\"title\":\"down\"}"));
  }

  /** How often this user's policy was asked for. */
  public static int calls(String authorization) {
    AtomicInteger count = calls.get(authorization);
    return count == null ? 0 : count.get();
  }

  private static void policy(HttpExchange exchange) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null) {
      calls.computeIfAbsent(authorization, a -> new AtomicInteger()).incrementAndGet();
    }
    Answer answer =
        authorization == null
            ? new Answer(401, "{}")
            : answers.getOrDefault(authorization, new Answer(200, ALLOWED));
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), body.length);
    try (var out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
