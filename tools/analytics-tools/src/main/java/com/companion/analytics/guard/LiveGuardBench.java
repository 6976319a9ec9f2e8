package com.companion.analytics.guard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The quality guard against a running platform ({@code ./platform analytics guard-bench --live}):
 * it deploys a second release line of the alias's stable version on the same nodes through
 * model-gateway's admin API, starts it as a canary at 10% of the traffic, and drives simulated
 * users through the edge. Each user chats with real streamed turns and reacts only to the text of
 * the replies it gets ({@link ReplyReaction}: repetition and length), by regenerating, rating and
 * leaving; it never learns which version answered. The bench then waits for growth-analytics' guard
 * to publish its verdict and for the gateway to act on it, and prints the canary turns and minutes
 * to detection and whether the canary was rolled back.
 *
 * <p>The degraded line pins greedy decoding without a repetition penalty (the gateway's per-version
 * sampling): the small model then falls into loops. With {@code --equal} the canary pins nothing,
 * so it is the stable line under another name and must not be rolled back.
 *
 * <p>The guard tells stable and canary apart by their requests over today and yesterday: it judges
 * the version with the second most requests. A canary of an earlier run on the same platform that
 * day is judged instead until this run's canary has served more requests than it did; a fresh
 * platform (its own {@code --data-dir} and {@code --database}) avoids that wait.
 */
public final class LiveGuardBench {

  /** Greedy decoding, nothing against repeating: what a careless release of the sampler ships. */
  static final Map<String, Object> DEGRADED_SAMPLING =
      Map.of("temperature", 0, "top_k", 1, "repetition_penalty", 1.0);

  private static final List<String> PROMPTS =
      List.of(
          "Good morrow! What news from Verona?",
          "Tell me of the feast tonight.",
          "Why dost thou jest so, good friend?",
          "What think you of Romeo's love?",
          "Shall we walk to the square?",
          "Speak of Queen Mab again.",
          "Is Tybalt still about the streets?",
          "What wouldst thou have me do?");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final JsonMapper json = JsonMapper.builder().build();
  private final String edge;
  private final String alias;
  private final String product;
  private final boolean equal;
  private final double share;
  private final int users;
  private final int turnsPerConversation;
  private final Duration budget;
  private final Duration poll;
  private final long seed;

  private final AtomicLong turns = new AtomicLong();
  private final AtomicLong regenerates = new AtomicLong();
  private final AtomicLong ratings = new AtomicLong();
  private final AtomicLong lowRatings = new AtomicLong();
  private final AtomicLong conversations = new AtomicLong();
  private final AtomicLong left = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private volatile boolean stop;

  private LiveGuardBench(Map<String, String> options) {
    this.edge =
        options.getOrDefault(
            "edge", "http://127.0.0.1:" + options.getOrDefault("edge-port", "8080"));
    this.alias = options.getOrDefault("alias", "companion-moe");
    this.product = options.getOrDefault("product", "glow");
    this.equal = options.containsKey("equal");
    this.share = Double.parseDouble(options.getOrDefault("share", "0.10"));
    this.users = Integer.parseInt(options.getOrDefault("users", "6"));
    this.turnsPerConversation = Integer.parseInt(options.getOrDefault("turns", "8"));
    this.budget = Duration.ofMinutes(Long.parseLong(options.getOrDefault("budget-minutes", "20")));
    this.poll = Duration.ofSeconds(Long.parseLong(options.getOrDefault("poll-seconds", "2")));
    this.seed = Long.parseLong(options.getOrDefault("seed", "7"));
  }

  /**
   * {@code --live [--equal] [--edge-port=8080 | --edge=URL] [--alias= --users= --budget-minutes=]}
   */
  public static int run(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      if (arg.startsWith("--")) {
        int eq = arg.indexOf('=');
        options.put(
            eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "" : arg.substring(eq + 1));
      }
    }
    return new LiveGuardBench(options).run();
  }

  private int run() throws Exception {
    String admin = token("guard-bench-admin", "admin");
    JsonNode current = get("/v1/admin/models/" + alias, admin);
    if (current.path("canary").isObject()) {
      System.err.println(
          alias
              + " already has a canary ("
              + current.path("canary").path("version")
              + "); abort it first");
      return 1;
    }
    String stable = current.path("stable_version").asString();
    JsonNode stableView = version(current, stable);
    String kind = equal ? "equal" : "degraded";
    String canary =
        stable + "-guard-" + kind + "-" + Long.toString(Instant.now().getEpochSecond(), 36);
    Map<String, Object> sampling = equal ? Map.of() : DEGRADED_SAMPLING;
    Map<String, Object> deployment = new LinkedHashMap<>();
    deployment.put("nodes", json.convertValue(stableView.path("nodes"), List.class));
    if (stableView.path("dns_name").isString()) {
      deployment.put("dns_name", stableView.path("dns_name").asString());
      deployment.put("dns_port", stableView.path("dns_port").asInt());
    }
    deployment.put("description", "guard bench: " + kind + " line of " + stable);
    deployment.put("sampling", sampling);
    send("PUT", "/v1/admin/models/" + alias + "/versions/" + canary, admin, deployment, 200);

    String creator = token("guard-bench-creator", "creator");
    String character =
        send(
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
                201)
            .path("id")
            .asString();

    send(
        "POST",
        "/v1/admin/models/" + alias + "/canary",
        admin,
        Map.of("version", canary, "weight", share),
        200);
    Instant started = Instant.now();
    System.out.printf(
        Locale.ROOT,
        "guard bench (live): %s canary %s of %s at %.0f%% (sampling %s), %d users through %s,"
            + " budget %d min%n",
        kind,
        canary,
        alias,
        share * 100,
        sampling.isEmpty() ? "as stable" : sampling,
        users,
        edge,
        budget.toMinutes());

    SplittableRandom random = new SplittableRandom(seed);
    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    for (int i = 0; i < users; i++) {
      SplittableRandom own = random.split();
      pool.submit(() -> user(character, own));
    }

    CanaryOutcome.Verdict detection = null;
    CanaryOutcome outcome = CanaryOutcome.RUNNING;
    Instant lastReport = started;
    Instant deadline = started.plus(budget);
    while (Instant.now().isBefore(deadline)) {
      Thread.sleep(poll);
      JsonNode quality = get("/v1/analytics/models/" + alias + "/quality", admin);
      var verdict = CanaryOutcome.Verdict.read(quality, canary);
      if (detection == null && verdict.isPresent() && verdict.get().decided()) {
        detection = verdict.get();
        System.out.printf(
            Locale.ROOT,
            "  %5.1f min  guard: %s after %d canary turns (%s)%n",
            minutes(started, Instant.now()),
            detection.decision(),
            detection.canaryTurns(),
            detection.reason());
      }
      JsonNode aliasNow = get("/v1/admin/models/" + alias, admin);
      if (!aliasNow.path("canary").isObject()
          || !canary.equals(aliasNow.path("canary").path("version").asString(""))) {
        outcome =
            CanaryOutcome.read(
                aliasNow, get("/v1/admin/models/" + alias + "/decisions", admin), canary);
      }
      if (outcome.state() != CanaryOutcome.State.RUNNING
          || (detection != null && "keep".equals(detection.decision()))) {
        break;
      }
      if (Duration.between(lastReport, Instant.now()).toSeconds() >= 30) {
        lastReport = Instant.now();
        System.out.printf(
            Locale.ROOT,
            "  %5.1f min  %d turns sent, canary turns counted %d, guard: %s%n",
            minutes(started, lastReport),
            turns.get(),
            CanaryOutcome.turns(quality, canary),
            verdict
                .map(CanaryOutcome.Verdict::decision)
                .orElse("no verdict on this canary yet (" + judged(quality) + ")"));
      }
    }
    stop = true;
    pool.shutdown();
    pool.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);
    if (outcome.state() == CanaryOutcome.State.RUNNING) {
      // leave the platform as it was found: a canary the guard did not roll back is aborted here
      send("DELETE", "/v1/admin/models/" + alias + "/canary", admin, null, 200);
    }
    JsonNode quality = get("/v1/analytics/models/" + alias + "/quality", admin);
    print(kind, sampling, canary, stable, started, detection, outcome, quality);
    return 0;
  }

  /** Which canary the guard is judging now, when it is not this run's. */
  private static String judged(JsonNode quality) {
    JsonNode verdict = quality.path("verdict");
    return verdict.isObject()
        ? "judging " + verdict.path("canary_version").asString("?")
        : "no canary judged";
  }

  /** How the bench sums a run up: {@code rolled back}, {@code kept} or {@code undecided}. */
  static String label(CanaryOutcome.Verdict detection, CanaryOutcome outcome) {
    if (outcome.rolledBackByGuard()) {
      return "rolled back";
    }
    if (outcome.state() != CanaryOutcome.State.RUNNING) {
      return "ended by " + outcome.actor() + " (" + outcome.reason() + ")";
    }
    if (detection != null && "keep".equals(detection.decision())) {
      return "kept";
    }
    if (detection != null && "roll_back".equals(detection.decision())) {
      return "undecided (the guard said roll back; the gateway did not act within the budget)";
    }
    return "undecided";
  }

  private void print(
      String kind,
      Map<String, Object> sampling,
      String canary,
      String stable,
      Instant started,
      CanaryOutcome.Verdict detection,
      CanaryOutcome outcome,
      JsonNode quality) {
    System.out.println();
    System.out.println(
        "| canary | outcome | canary turns to detection | minutes to detection | minutes to"
            + " rollback | turns sent (all versions) | regenerates | ratings (1-2 stars) |"
            + " conversations (left early) | errors |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    System.out.printf(
        Locale.ROOT,
        "| %s %s | %s | %s | %s | %s | %d | %d | %d (%d) | %d (%d) | %d |%n",
        kind,
        sampling.isEmpty() ? "(as stable)" : sampling.toString(),
        label(detection, outcome),
        detection == null ? "-" : Long.toString(detection.canaryTurns()),
        detection == null || detection.decidedAt() == null
            ? "-"
            : String.format(Locale.ROOT, "%.1f", minutes(started, detection.decidedAt())),
        outcome.decidedAt() == null
            ? "-"
            : String.format(Locale.ROOT, "%.1f", minutes(started, outcome.decidedAt())),
        turns.get(),
        regenerates.get(),
        ratings.get(),
        lowRatings.get(),
        conversations.get(),
        left.get(),
        errors.get());
    System.out.println();
    System.out.println("as growth-analytics counted them (today and yesterday):");
    System.out.println("| version | turns | regenerate rate | ratings | rating mean |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (JsonNode v : quality.path("versions")) {
      String name = v.path("version").asString("");
      if (name.equals(stable) || name.equals(canary)) {
        System.out.printf(
            Locale.ROOT,
            "| %s | %d | %s | %d | %s |%n",
            name,
            v.path("turns").asLong(),
            v.path("regenerate_rate").asString("-"),
            v.path("ratings").asLong(),
            v.path("rating_mean").asString("-"));
      }
    }
  }

  /** One simulated user after another on one thread, until the bench stops. */
  private void user(String character, SplittableRandom random) {
    while (!stop) {
      try {
        conversation(character, random);
      } catch (IOException e) {
        errors.incrementAndGet();
        System.err.println("user: " + e.getMessage());
        sleep(Duration.ofSeconds(1));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * One conversation of a new user (a new user for each keeps every one under the per-user quotas):
   * turns until the user leaves or has sent {@code turns} messages.
   */
  private void conversation(String character, SplittableRandom random)
      throws IOException, InterruptedException {
    String token = token("guard-user-" + UUID.randomUUID(), "user");
    String id =
        send("POST", "/v1/conversations", token, Map.of("character_id", character), 201)
            .path("conversation")
            .path("id")
            .asString();
    conversations.incrementAndGet();
    for (int t = 0; t < turnsPerConversation && !stop; t++) {
      String path = "/v1/conversations/" + id + "/messages";
      Reply reply =
          turn(path, token, Map.of("content", PROMPTS.get(random.nextInt(PROMPTS.size()))));
      ReplyReaction reaction = ReplyReaction.to(reply.text(), random);
      // a user swipes at most twice in a row, then takes what came
      for (int swipes = 0; reaction.regenerate() && swipes < 2 && !stop; swipes++) {
        regenerates.incrementAndGet();
        reply = turn(path + "/" + reply.id() + "/regenerate", token, null);
        reaction = ReplyReaction.to(reply.text(), random);
      }
      if (reaction.stars() > 0) {
        send(
            "PUT",
            path + "/" + reply.id() + "/rating",
            token,
            Map.of("stars", reaction.stars()),
            200);
        ratings.incrementAndGet();
        if (reaction.stars() <= 2) {
          lowRatings.incrementAndGet();
        }
      }
      if (reaction.leave()) {
        left.incrementAndGet();
        return;
      }
    }
  }

  record Reply(String id, String text) {}

  /** A streamed turn (send or regenerate) with its own {@code Idempotency-Key}. */
  private Reply turn(String path, String token, Object body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(edge + path))
            .header("Authorization", "Bearer " + token)
            .header("Idempotency-Key", UUID.randomUUID().toString())
            .header("Accept", "text/event-stream")
            .header("Content-Type", "application/json")
            .timeout(Duration.ofMinutes(2))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    body == null ? "{}" : json.writeValueAsString(body)))
            .build();
    HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
    if (response.statusCode() != 200) {
      String text = String.join("\n", response.body().toList());
      throw new IOException(path + " answered " + response.statusCode() + ": " + text);
    }
    StringBuilder text = new StringBuilder();
    String replyId = null;
    String event = null;
    boolean done = false;
    Iterator<String> lines = response.body().iterator();
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.startsWith("event:")) {
        event = line.substring(6).trim();
      } else if (line.startsWith("data:")) {
        JsonNode data = json.readTree(line.substring(5).trim());
        switch (event == null ? "" : event) {
          case "delta" -> text.append(data.path("text").asString(""));
          case "message" -> {
            if ("assistant".equals(data.path("role").asString(""))) {
              replyId = data.path("id").asString();
            }
          }
          case "error" -> throw new IOException(path + " failed: " + data);
          case "done" -> done = true;
          default -> {}
        }
      }
    }
    if (!done || replyId == null) {
      throw new IOException(path + ": the stream ended without a stored reply");
    }
    turns.incrementAndGet();
    return new Reply(replyId, text.toString());
  }

  private static JsonNode version(JsonNode alias, String name) {
    for (JsonNode v : alias.path("versions")) {
      if (name.equals(v.path("version").asString(""))) {
        return v;
      }
    }
    throw new IllegalStateException("the alias has no version " + name);
  }

  /** A token from the edge's local sign-in ({@code POST /v1/app/local-token}, local mode only). */
  private String token(String user, String role) throws IOException, InterruptedException {
    List<String> roles = new ArrayList<>(List.of("user"));
    if (!"user".equals(role)) {
      roles.add(role);
    }
    return send(
            "POST",
            "/v1/app/local-token",
            null,
            Map.of("user", user, "roles", roles, "product", product, "age_group", "adult"),
            200)
        .path("access_token")
        .asString();
  }

  private JsonNode get(String path, String token) throws IOException, InterruptedException {
    return send("GET", path, token, null, 200);
  }

  private JsonNode send(String method, String path, String token, Object body, int expected)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(edge + path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected
        && !(expected == 200 && response.statusCode() / 100 == 2)) {
      throw new IOException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return json.readTree(response.body().isEmpty() ? "null" : response.body());
  }

  private static double minutes(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 60_000.0;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
