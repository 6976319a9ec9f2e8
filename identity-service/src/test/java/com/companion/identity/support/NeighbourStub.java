package com.companion.identity.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real HTTP server playing the export's neighbours (character-service, chat-service and
 * safety-filter), which cannot run inside identity-service's tests. Answers are scripted per {@code
 * Authorization} header, that is per test user, and per path with its query. A request with an
 * unscripted header is dropped unanswered, as by a service that has crashed; an unscripted path of
 * a scripted user is a 404, so the export fails if it asks for anything the test did not expect.
 * One server per test JVM.
 */
public final class NeighbourStub {

  private static HttpServer server;
  private static final Map<String, Map<String, Answer>> answers = new ConcurrentHashMap<>();
  private static final Map<String, List<String>> asked = new ConcurrentHashMap<>();
  private static final Map<String, Hold> holds = new ConcurrentHashMap<>();

  /** Answers to the matching paths go out only after a while, counted while they wait. */
  private record Hold(
      Predicate<String> paths, Duration time, AtomicInteger now, AtomicInteger most) {}

  private record Answer(int status, String body) {}

  private NeighbourStub() {}

  /** The stub's base URL, for the {@code identity.export.*-url} settings. */
  public static synchronized String url() {
    if (server == null) {
      try {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext("/", NeighbourStub::answer);
      server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
    }
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** {@code GET pathAndQuery} with this bearer token answers 200 with this JSON. */
  public static void answer(String accessToken, String pathAndQuery, String json) {
    script(accessToken).put(pathAndQuery, new Answer(200, json));
  }

  /** {@code GET pathAndQuery} with this bearer token answers this status. */
  public static void fail(String accessToken, String pathAndQuery, int status) {
    script(accessToken).put(pathAndQuery, new Answer(status, "{\"title\":\"failing on purpose\"}"));
  }

  /**
   * Answers to this bearer token's requests whose path (with its query) matches are held back this
   * long, as by a slow service, so that reads made side by side are seen waiting together.
   */
  public static void holdAnswers(String accessToken, Predicate<String> paths, Duration time) {
    holds.put(
        "Bearer " + accessToken, new Hold(paths, time, new AtomicInteger(), new AtomicInteger()));
  }

  /** The most held requests of this bearer token that were waiting for their answers at once. */
  public static int mostHeldAtOnce(String accessToken) {
    Hold hold = holds.get("Bearer " + accessToken);
    return hold == null ? 0 : hold.most().get();
  }

  /** The paths (with queries) asked for with this bearer token, in the order they came. */
  public static List<String> asked(String accessToken) {
    return List.copyOf(asked.getOrDefault("Bearer " + accessToken, List.of()));
  }

  private static Map<String, Answer> script(String accessToken) {
    return answers.computeIfAbsent("Bearer " + accessToken, a -> new ConcurrentHashMap<>());
  }

  private static void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      Map<String, Answer> script = authorization == null ? null : answers.get(authorization);
      if (script == null) {
        // closing without a status line: the caller sees a service that has crashed
        return;
      }
      String path = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      String pathAndQuery = query == null ? path : path + "?" + query;
      asked.computeIfAbsent(authorization, a -> new CopyOnWriteArrayList<>()).add(pathAndQuery);
      Answer answer =
          script.getOrDefault(pathAndQuery, new Answer(404, "{\"title\":\"not scripted\"}"));
      Hold hold = holds.get(authorization);
      if (hold != null && hold.paths().test(pathAndQuery)) {
        hold.most().accumulateAndGet(hold.now().incrementAndGet(), Math::max);
        try {
          Thread.sleep(hold.time());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } finally {
          hold.now().decrementAndGet();
        }
      }
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), body.length);
      exchange.getResponseBody().write(body);
    }
  }
}
