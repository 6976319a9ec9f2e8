package com.companion.gateway.bench;

import com.companion.gateway.ModelGatewayApplication;
import com.companion.gateway.deployment.DeploymentCatalog;
import com.companion.gateway.deployment.ModelVersion;
import com.companion.gateway.node.NodeRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar model-gateway.jar bench}: starts inference nodes from the inference-node jar and
 * a gateway in this JVM, then measures in one run (1) the gateway's overhead, TTFT and throughput
 * through the gateway against straight to a node at 1 and 32 concurrent streams, and (2) prefix
 * affinity, two nodes and 20 characters with long persona prompts, routed by route key against
 * without one. Prints a table and writes it as CSV.
 *
 * <p>Options: {@code --requests N} (per overhead cell, default 64), {@code --affinity-requests N}
 * (default 80), {@code --max-tokens N} (default 16), {@code --csv PATH}, {@code --node-jar PATH},
 * {@code --model-dir PATH}, {@code --db-url URL}.
 */
public final class GatewayBench {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final PrintStream OUT = System.out;

  private final Map<String, String> options;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .executor(Executors.newVirtualThreadPerTaskExecutor())
          .build();
  private final String serviceSecret = UUID.randomUUID().toString();
  private final List<Process> nodes = new ArrayList<>();

  private GatewayBench(Map<String, String> options) {
    this.options = options;
  }

  public static int run(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    return new GatewayBench(options).run();
  }

  /** One measured cell of the table. */
  record Row(
      String scenario,
      String path,
      int concurrency,
      int requests,
      double ttftP50Ms,
      double ttftMeanMs,
      double tokensPerSecond,
      String prefixHitRate) {}

  private int run() throws Exception {
    Path root = repositoryRoot();
    Path nodeJar =
        Path.of(
            options.getOrDefault(
                "node-jar", root.resolve("inference-node/target/inference-node.jar").toString()));
    Path modelDir =
        Path.of(options.getOrDefault("model-dir", root.resolve("inference-node/model").toString()));
    int requests = Integer.parseInt(options.getOrDefault("requests", "64"));
    int affinityRequests = Integer.parseInt(options.getOrDefault("affinity-requests", "80"));
    int maxTokens = Integer.parseInt(options.getOrDefault("max-tokens", "16"));
    Path csv =
        Path.of(
            options.getOrDefault(
                "csv", root.resolve("model-gateway/target/gateway-bench.csv").toString()));
    if (!Files.exists(nodeJar) || !Files.exists(modelDir.resolve("config.json"))) {
      System.err.println(
          "needs "
              + nodeJar
              + " and a checkpoint in "
              + modelDir
              + " (build inference-node first)");
      return 2;
    }
    ConfigurableApplicationContext gateway = null;
    try {
      String nodeA = startNode(nodeJar, modelDir);
      String nodeB = startNode(nodeJar, modelDir);
      awaitReady(nodeA);
      awaitReady(nodeB);
      gateway = startGateway();
      String gatewayUrl =
          "http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port");
      DeploymentCatalog catalog = gateway.getBean(DeploymentCatalog.class);
      String single = "bench-" + UUID.randomUUID().toString().substring(0, 8);
      String pair = single + "-pair";
      catalog
          .putVersion(new ModelVersion(single, "v1", List.of(nodeA), null, null), "bench")
          .block();
      catalog
          .putVersion(new ModelVersion(pair, "v1", List.of(nodeA, nodeB), null, null), "bench")
          .block();
      gateway.getBean(NodeRegistry.class).checkAll().block();
      try {
        List<Row> rows = new ArrayList<>();
        String prompt = "Good morrow, gentle friend. What news from the court?";
        // warm both paths (JIT, connection pools) before anything is measured
        overhead("warm-up", "direct", nodeA, null, 8, 64, maxTokens, prompt);
        overhead("warm-up", "gateway", gatewayUrl, single, 8, 128, maxTokens, prompt);
        affinity("warm-up", gatewayUrl, pair, List.of(nodeA, nodeB), true, 20, maxTokens, 9);
        for (int concurrency : new int[] {1, 32}) {
          int n = Math.max(requests, concurrency);
          rows.add(overhead("overhead", "direct", nodeA, null, concurrency, n, maxTokens, prompt));
          rows.add(
              overhead(
                  "overhead", "gateway", gatewayUrl, single, concurrency, n, maxTokens, prompt));
        }
        List<String> both = List.of(nodeA, nodeB);
        rows.add(
            affinity(
                "prefix affinity", gatewayUrl, pair, both, true, affinityRequests, maxTokens, 1));
        rows.add(
            affinity(
                "random (no route key)",
                gatewayUrl,
                pair,
                both,
                false,
                affinityRequests,
                maxTokens,
                2));
        print(rows, csv);
      } finally {
        catalog.deleteAlias(single).block();
        catalog.deleteAlias(pair).block();
      }
      return 0;
    } finally {
      if (gateway != null) {
        gateway.close();
      }
      nodes.forEach(Process::destroy);
    }
  }

  private Row overhead(
      String scenario,
      String path,
      String base,
      String alias,
      int concurrency,
      int n,
      int maxTokens,
      String prompt)
      throws Exception {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      bodies.add(
          body(
              alias,
              List.of(Map.of("role", "user", "content", prompt + " (" + i + ")")),
              maxTokens,
              null));
    }
    Result result = drive(base, alias != null, bodies, concurrency);
    return new Row(
        scenario, path, concurrency, n, result.p50(), result.mean(), result.tokensPerSecond(), "");
  }

  private Row affinity(
      String scenario,
      String gatewayUrl,
      String alias,
      List<String> nodeUrls,
      boolean routeKey,
      int n,
      int maxTokens,
      int seed)
      throws Exception {
    Random random = new Random(seed);
    List<String> personas = new ArrayList<>();
    for (int c = 0; c < 20; c++) {
      personas.add(persona(random, seed * 100 + c));
    }
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int character = random.nextInt(personas.size());
      bodies.add(
          body(
              alias,
              List.of(
                  Map.of("role", "system", "content", personas.get(character)),
                  Map.of(
                      "role", "user", "content", "Tell me of thy day, friend number " + i + ".")),
              maxTokens,
              routeKey ? "character-" + seed + "-" + character : null));
    }
    double[] before = prefixCounters(nodeUrls);
    Result result = drive(gatewayUrl, true, bodies, 4);
    double[] after = prefixCounters(nodeUrls);
    double queries = after[0] - before[0];
    String hitRate =
        queries <= 0
            ? "n/a"
            : String.format(Locale.ROOT, "%.1f%%", 100 * (after[1] - before[1]) / queries);
    return new Row(
        scenario, "gateway", 4, n, result.p50(), result.mean(), result.tokensPerSecond(), hitRate);
  }

  /**
   * A deterministic persona of roughly 2,000 characters: a long prompt prefix shared per character.
   */
  private static String persona(Random random, int id) {
    String[] words = {
      "noble", "gentle", "lord", "lady", "honour", "sword", "castle", "merry", "sorrow", "king",
      "queen", "night", "morning", "forest", "river", "letter", "secret", "faithful", "wit",
          "fortune",
      "battle", "garden", "music", "tavern", "crown", "heart", "friend", "stranger", "oath",
          "journey"
    };
    StringBuilder text = new StringBuilder("Thou art character " + id + ". ");
    while (text.length() < 2000) {
      for (int w = 0; w < 12; w++) {
        text.append(words[random.nextInt(words.length)]).append(' ');
      }
      text.append(". ");
    }
    return text.toString();
  }

  private String body(
      String alias, List<Map<String, String>> messages, int maxTokens, String routeKey) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (alias != null) {
      body.put("model", alias);
      body.put("stream_options", Map.of("include_usage", true));
    }
    body.put("messages", messages);
    body.put("max_tokens", maxTokens);
    body.put("temperature", 0);
    body.put("stream", true);
    if (routeKey != null) {
      body.put("route_key", routeKey);
    }
    return JSON.writeValueAsString(body);
  }

  record Result(double[] ttftMs, long tokens, double seconds) {
    double p50() {
      double[] sorted = ttftMs.clone();
      Arrays.sort(sorted);
      return sorted.length == 0 ? 0 : sorted[(sorted.length - 1) / 2];
    }

    double mean() {
      return Arrays.stream(ttftMs).average().orElse(0);
    }

    double tokensPerSecond() {
      return tokens / seconds;
    }
  }

  /** Sends every body with {@code concurrency} streams in flight; measures TTFT and tokens. */
  private Result drive(String base, boolean viaGateway, List<String> bodies, int concurrency)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      long start = System.nanoTime();
      List<Future<long[]>> futures = new ArrayList<>();
      for (String body : bodies) {
        futures.add(pool.submit(() -> stream(base, viaGateway, body)));
      }
      double[] ttft = new double[bodies.size()];
      long tokens = 0;
      for (int i = 0; i < futures.size(); i++) {
        long[] one = futures.get(i).get();
        ttft[i] = one[0] / 1e6;
        tokens += one[1];
      }
      return new Result(ttft, tokens, (System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  /** One streamed request: nanoseconds to the first token, and completion tokens. */
  private long[] stream(String base, boolean viaGateway, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(base + (viaGateway ? "/v1/chat/completions" : "/v1/generate")))
            .timeout(Duration.ofMinutes(5))
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (viaGateway) {
      request.header("X-Service-Key", "bench:" + serviceSecret);
    }
    long start = System.nanoTime();
    HttpResponse<Stream<String>> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("status " + response.statusCode() + " from " + base);
    }
    long first = 0;
    long tokens = 0;
    String event = null;
    for (String line : (Iterable<String>) response.body()::iterator) {
      if (line.startsWith("event:")) {
        event = line.substring(6).trim();
        continue;
      }
      if (!line.startsWith("data:")) {
        continue;
      }
      String data = line.substring(5).trim();
      if (data.equals("[DONE]")) {
        break;
      }
      JsonNode node = JSON.readTree(data);
      if (viaGateway) {
        JsonNode choices = node.path("choices");
        if (first == 0
            && choices.size() > 0
            && !choices.get(0).path("delta").path("content").asString("").isEmpty()) {
          first = System.nanoTime() - start;
        }
        if (node.hasNonNull("usage")) {
          tokens = node.get("usage").path("completion_tokens").asLong();
        }
      } else if ("token".equals(event) || node.has("token_id")) {
        if (first == 0) {
          first = System.nanoTime() - start;
        }
      } else if ("done".equals(event) || node.has("finish_reason")) {
        tokens = node.path("completion_tokens").asLong();
      }
    }
    return new long[] {first == 0 ? System.nanoTime() - start : first, tokens};
  }

  private double[] prefixCounters(List<String> nodeUrls) throws Exception {
    double queries = 0;
    double hits = 0;
    for (String url : nodeUrls) {
      String page =
          http.send(
                  HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      var load = NodeRegistry.toLoad(page);
      queries += load.prefixCacheQueries();
      hits += load.prefixCacheHits();
    }
    return new double[] {queries, hits};
  }

  private void print(List<Row> rows, Path csv) throws IOException {
    Row direct1 = find(rows, "direct", 1);
    Row gateway1 = find(rows, "gateway", 1);
    Row direct32 = find(rows, "direct", 32);
    Row gateway32 = find(rows, "gateway", 32);
    String cpu = Runtime.getRuntime().availableProcessors() + " CPU cores";
    OUT.println();
    OUT.printf(
        Locale.ROOT,
        "model-gateway bench (%s, %s %s)%n",
        cpu,
        System.getProperty("os.name"),
        System.getProperty("os.arch"));
    OUT.println(
        "| scenario | path | streams | requests | TTFT p50 ms | TTFT mean ms | tokens/s | prefix-cache hit rate |");
    OUT.println("|---|---|---:|---:|---:|---:|---:|---:|");
    StringBuilder lines =
        new StringBuilder(
            "scenario,path,streams,requests,ttft_p50_ms,ttft_mean_ms,tokens_per_s,prefix_hit_rate\n");
    for (Row row : rows) {
      OUT.printf(
          Locale.ROOT,
          "| %s | %s | %d | %d | %.1f | %.1f | %.1f | %s |%n",
          row.scenario(),
          row.path(),
          row.concurrency(),
          row.requests(),
          row.ttftP50Ms(),
          row.ttftMeanMs(),
          row.tokensPerSecond(),
          row.prefixHitRate().isEmpty() ? "-" : row.prefixHitRate());
      lines.append(
          String.format(
              Locale.ROOT,
              "%s,%s,%d,%d,%.2f,%.2f,%.2f,%s%n",
              row.scenario(),
              row.path(),
              row.concurrency(),
              row.requests(),
              row.ttftP50Ms(),
              row.ttftMeanMs(),
              row.tokensPerSecond(),
              row.prefixHitRate()));
    }
    OUT.println();
    OUT.printf(
        Locale.ROOT,
        "added TTFT p50: %+.1f ms at 1 stream, %+.1f ms at 32 streams (target <= 5 ms)%n",
        gateway1.ttftP50Ms() - direct1.ttftP50Ms(),
        gateway32.ttftP50Ms() - direct32.ttftP50Ms());
    OUT.printf(
        Locale.ROOT,
        "throughput through the gateway: %.1f%% of direct at 1 stream, %.1f%% at 32 streams (target >= 95%%)%n",
        100 * gateway1.tokensPerSecond() / direct1.tokensPerSecond(),
        100 * gateway32.tokensPerSecond() / direct32.tokensPerSecond());
    Row affine = rows.get(rows.size() - 2);
    Row random = rows.get(rows.size() - 1);
    OUT.printf(
        Locale.ROOT,
        "prefix affinity: hit rate %s vs %s, mean TTFT %.1f ms vs %.1f ms (%.2fx)%n",
        affine.prefixHitRate(),
        random.prefixHitRate(),
        affine.ttftMeanMs(),
        random.ttftMeanMs(),
        random.ttftMeanMs() / Math.max(0.001, affine.ttftMeanMs()));
    Files.createDirectories(csv.toAbsolutePath().getParent());
    Files.writeString(csv, lines);
    OUT.println("CSV: " + csv);
  }

  private static Row find(List<Row> rows, String path, int concurrency) {
    return rows.stream()
        .filter(
            r ->
                r.scenario().equals("overhead")
                    && r.path().equals(path)
                    && r.concurrency() == concurrency)
        .findFirst()
        .orElseThrow();
  }

  private String startNode(Path jar, Path modelDir) throws IOException {
    int port = freePort();
    Path log = Files.createTempFile("bench-inference-node-" + port, ".log");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "--enable-native-access=ALL-UNNAMED",
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--inference.model-dir=" + modelDir.toAbsolutePath())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    nodes.add(process);
    OUT.println("started inference node on port " + port + " (log " + log + ")");
    return "http://127.0.0.1:" + port;
  }

  private void awaitReady(String base) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(
                    HttpRequest.newBuilder(URI.create(base + "/ready")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(base + " not ready");
  }

  private ConfigurableApplicationContext startGateway() {
    List<String> args = new ArrayList<>();
    args.add("--server.port=0");
    args.add("--gateway.service-credentials.bench=" + serviceSecret);
    args.add("--gateway.routing.ttft-timeout=120s");
    args.add("--gateway.routing.idle-timeout=120s");
    args.add("--logging.level.root=WARN");
    if (options.containsKey("db-url")) {
      args.add("--spring.datasource.url=" + options.get("db-url"));
    }
    return SpringApplication.run(ModelGatewayApplication.class, args.toArray(String[]::new));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("model-gateway"))) {
        return p;
      }
    }
    return dir;
  }
}
