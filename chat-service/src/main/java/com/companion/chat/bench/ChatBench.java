package com.companion.chat.bench;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.JwtProperties;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.contracts.auth.TokenMinter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar chat-service.jar bench [flags]}: simulated users chat concurrently through the
 * edge, then the same prompts go straight to an inference node, and a table compares the two.
 *
 * <p>Flags: {@code --edge-url} (http://127.0.0.1:8080), {@code --character-url} (where the bench
 * creates its character; the edge by default), {@code --node-url} (http://127.0.0.1:8085), {@code
 * --users} (50), {@code --turns} (4 per user), {@code --max-tokens} (asked of the node when sent
 * directly; chat-service uses its own {@code chat.max-tokens}), {@code --product} (glow).
 */
public final class ChatBench {

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final TokenMinter minter =
      new TokenMinter(JwtProperties.localDefaults(), Clock.systemUTC());
  private final Map<String, String> flags;

  private ChatBench(Map<String, String> flags) {
    this.flags = flags;
  }

  public static int run(String[] args) throws Exception {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        System.err.println("unexpected argument " + args[i]);
        return 2;
      }
      flags.put(args[i].substring(2), args[i + 1]);
    }
    try {
      return new ChatBench(flags).run();
    } catch (java.net.ConnectException e) {
      System.err.println("cannot reach the platform (" + e + "): is it up? ./platform up");
      return 1;
    } catch (IOException e) {
      System.err.println("bench failed: " + e.getMessage());
      return 1;
    }
  }

  private String flag(String name, String fallback) {
    return flags.getOrDefault(name, fallback);
  }

  private int run() throws Exception {
    String edge = flag("edge-url", "http://127.0.0.1:8080");
    String characters = flag("character-url", edge);
    String node = flag("node-url", "http://127.0.0.1:8085");
    int users = Integer.parseInt(flag("users", "50"));
    int turns = Integer.parseInt(flag("turns", "4"));
    int maxTokens = Integer.parseInt(flag("max-tokens", "32"));
    String product = flag("product", "glow");

    String creator = token("bench-creator-" + UUID.randomUUID(), product, Role.CREATOR, Role.USER);
    JsonNode character =
        send(
            characters,
            "POST",
            "/v1/characters",
            creator,
            Map.of(
                "name", "Mercutio",
                "description", "{{char}} is Romeo's quick-witted friend in Verona.",
                "personality", "playful, sharp-tongued, loyal",
                "scenario", "A street in Verona, at noon.",
                "first_mes", "Good morrow, {{user}}! What news?",
                "visibility", "unlisted"),
            201);
    String characterId = character.path("id").asString();
    System.out.printf(
        "chat bench: %d users x %d turns through %s; direct to %s%n", users, turns, edge, node);

    // 1. through the platform
    List<Long> platformTtft = Collections.synchronizedList(new ArrayList<>());
    ConcurrentLinkedQueue<Conversation> conversations = new ConcurrentLinkedQueue<>();
    AtomicInteger errors = new AtomicInteger();
    long platformStart = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new ArrayList<>();
      for (int u = 0; u < users; u++) {
        int user = u;
        running.add(
            pool.submit(
                () -> {
                  try {
                    conversations.add(chat(edge, product, characterId, user, turns, platformTtft));
                  } catch (Exception e) {
                    errors.incrementAndGet();
                    System.err.println("user " + user + ": " + e.getMessage());
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    }
    double platformSeconds = (System.nanoTime() - platformStart) / 1e9;

    // 2. the same prompts straight to the inference node, with the same concurrency
    List<Long> directTtft = Collections.synchronizedList(new ArrayList<>());
    long directStart = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new ArrayList<>();
      for (int u = 0; u < users; u++) {
        int user = u;
        running.add(
            pool.submit(
                () -> {
                  for (int t = 0; t < turns; t++) {
                    try {
                      directTtft.add(direct(node, prompt(user, t), maxTokens));
                    } catch (Exception e) {
                      errors.incrementAndGet();
                      System.err.println("direct " + user + ": " + e.getMessage());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    }
    double directSeconds = (System.nanoTime() - directStart) / 1e9;

    // 3. every message is there exactly once; retried sends did not add any
    int expected = 0;
    int found = 0;
    int duplicates = 0;
    for (Conversation c : conversations) {
      expected += 1 + 2 * turns;
      JsonNode items =
          send(
                  edge,
                  "GET",
                  "/v1/conversations/" + c.id() + "/messages?limit=50",
                  c.token(),
                  null,
                  200)
              .path("items");
      found += items.size();
      Set<String> seen = new HashSet<>();
      for (JsonNode item : items) {
        if ("user".equals(item.path("role").asString())
            && !seen.add(item.path("content").asString())) {
          duplicates++;
        }
      }
    }
    int lost = Math.max(0, expected - found - duplicates);

    int completed = platformTtft.size();
    double p50p = percentile(platformTtft, 50);
    double p95p = percentile(platformTtft, 95);
    double p50d = percentile(directTtft, 50);
    double p95d = percentile(directTtft, 95);
    System.out.println();
    System.out.println("| measure | through the edge | straight to the node | difference |");
    System.out.println("|---|---|---|---|");
    System.out.printf("| turns completed | %d | %d | |%n", completed, directTtft.size());
    System.out.printf(
        "| turns/s | %.2f | %.2f | x%.2f |%n",
        completed / platformSeconds,
        directTtft.size() / directSeconds,
        (completed / platformSeconds) / Math.max(1e-9, directTtft.size() / directSeconds));
    System.out.printf("| TTFT p50 (ms) | %.1f | %.1f | +%.1f ms |%n", p50p, p50d, p50p - p50d);
    System.out.printf("| TTFT p95 (ms) | %.1f | %.1f | +%.1f ms |%n", p95p, p95d, p95p - p95d);
    System.out.println();
    System.out.println("| messages expected | found | lost | duplicated | errors |");
    System.out.println("|---|---|---|---|---|");
    System.out.printf(
        "| %d | %d | %d | %d | %d |%n", expected, found, lost, duplicates, errors.get());
    return lost == 0 && duplicates == 0 && errors.get() == 0 ? 0 : 1;
  }

  record Conversation(String id, String token) {}

  private static String prompt(int user, int turn) {
    return "User " + user + " asks, turn " + turn + ": what say you of Romeo tonight?";
  }

  /** One user: a conversation, then turns; each send is retried once with its key. */
  private Conversation chat(
      String edge, String product, String characterId, int user, int turns, List<Long> ttft)
      throws Exception {
    String token = token("bench-user-" + UUID.randomUUID(), product, Role.USER);
    JsonNode started =
        send(edge, "POST", "/v1/conversations", token, Map.of("character_id", characterId), 201);
    String id = started.path("conversation").path("id").asString();
    for (int t = 0; t < turns; t++) {
      String key = UUID.randomUUID().toString();
      String body = json.writeValueAsString(Map.of("content", prompt(user, t)));
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(edge + "/v1/conversations/" + id + "/messages"))
              .header("Authorization", token)
              .header("Idempotency-Key", key)
              .header("Accept", "text/event-stream")
              .header("Content-Type", "application/json")
              .timeout(Duration.ofMinutes(5))
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      long start = System.nanoTime();
      HttpResponse<Stream<String>> response =
          http.send(request, HttpResponse.BodyHandlers.ofLines());
      if (response.statusCode() != 200) {
        throw new IOException("send answered " + response.statusCode());
      }
      long first = -1;
      String event = null;
      boolean done = false;
      Iterator<String> lines = response.body().iterator();
      while (lines.hasNext()) {
        String line = lines.next();
        if (line.startsWith("event:")) {
          event = line.substring(6).trim();
          if (first < 0 && "delta".equals(event)) {
            first = System.nanoTime();
          }
          done |= "done".equals(event);
          if ("error".equals(event)) {
            throw new IOException("turn failed: " + (lines.hasNext() ? lines.next() : ""));
          }
        }
      }
      if (!done) {
        throw new IOException("stream ended without done");
      }
      if (first > 0) {
        ttft.add((first - start) / 1_000_000);
      }
      // a client retry with the same key must not create a second reply
      send(
          edge,
          "POST",
          "/v1/conversations/" + id + "/messages",
          token,
          Map.of("content", prompt(user, t)),
          201,
          Map.of("Idempotency-Key", key));
    }
    return new Conversation(id, token);
  }

  /** Time to the first token from the inference node itself. */
  private long direct(String node, String text, int maxTokens) throws Exception {
    String body =
        json.writeValueAsString(
            Map.of(
                "messages",
                List.of(
                    Map.of("role", "system", "content", "You are Mercutio, Romeo's friend."),
                    Map.of("role", "user", "content", text)),
                "max_tokens",
                maxTokens,
                "stream",
                true));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(node + "/v1/generate"))
            .header("Accept", "text/event-stream")
            .header("Content-Type", "application/json")
            .timeout(Duration.ofMinutes(5))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    long start = System.nanoTime();
    HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
    if (response.statusCode() != 200) {
      throw new IOException("node answered " + response.statusCode());
    }
    long first = -1;
    Iterator<String> lines = response.body().iterator();
    while (lines.hasNext()) {
      String line = lines.next();
      if (first < 0 && line.startsWith("event:") && line.contains("token")) {
        first = System.nanoTime();
      }
    }
    return first < 0 ? -1 : (first - start) / 1_000_000;
  }

  private JsonNode send(
      String base, String method, String path, String token, Object body, int expected)
      throws IOException, InterruptedException {
    return send(base, method, path, token, body, expected, Map.of());
  }

  private JsonNode send(
      String base,
      String method,
      String path,
      String token,
      Object body,
      int expected,
      Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", token)
            .header("Accept", "application/json")
            .timeout(Duration.ofMinutes(5))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IOException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return json.readTree(response.body().isEmpty() ? "null" : response.body());
  }

  private String token(String userId, String product, Role... roles) {
    return "Bearer "
        + minter.mint(
            new PlatformPrincipal(userId, product, Set.of(roles), AgeGroup.ADULT),
            Duration.ofHours(2));
  }

  static double percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.removeIf(v -> v < 0);
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
