package com.companion.gateway.bench;

import com.companion.gateway.ModelGatewayApplication;
import com.companion.gateway.deployment.DeploymentCatalog;
import com.companion.gateway.deployment.ModelVersion;
import com.companion.gateway.node.NodeRegistry;
import com.companion.tools.bench.ProcessCpu;
import com.companion.tools.bench.WarmUp;
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
import java.util.TreeMap;
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
 * {@code java -jar gateway-tools.jar bench}: starts inference nodes from the inference-node jar and
 * a gateway in this JVM, then measures in one run (1) the gateway's overhead, TTFT and throughput
 * through the gateway against straight to a node at 1 and 32 concurrent streams, and (2) prefix
 * affinity, two nodes and 20 characters with long persona prompts, routed by route key against
 * without one. Prints a table and writes it as CSV. Before anything is measured it warms both paths
 * up in rounds until the JIT compilers have settled (see {@link WarmUp}).
 *
 * <p>Options: {@code --requests N} (per overhead cell and round, default 64), {@code --rounds N}
 * (alternating measured rounds, default 2), {@code --burst N} (requests at once, default 200),
 * {@code --affinity-requests N} (default 80), {@code --max-tokens N} (default 16), {@code
 * --warm-up-rounds N} (the most warm-up rounds, default 60), {@code --warm-up-jit-share S} (warm
 * once the compilers' share of the CPU is at most S, default 0.10), {@code --csv PATH}, {@code
 * --node-jar PATH}, {@code --model-dir PATH}, {@code --db-url URL}.
 */
public final class GatewayBench {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final PrintStream OUT = System.out;

  /** What {@code bench --help} prints. */
  static final String USAGE =
      """
      usage: java -jar tools/gateway-tools/target/gateway-tools.jar bench [options]

      The model gateway's benchmark: starts two inference nodes and a gateway in this JVM, then
      measures the gateway's overhead and prefix affinity. Options (defaults):
        --requests N              requests per overhead cell and round (64)
        --rounds N                alternating measured rounds, direct then gateway (2)
        --burst N                 requests sent all at once (200)
        --affinity-requests N     requests per prefix-affinity row (80)
        --max-tokens N            max_tokens of every request (16)
        --warm-up-rounds N        the most warm-up rounds (60)
        --warm-up-jit-share S     warm once the JIT compilers' share of the CPU is at most S (0.10)
        --csv PATH                model-gateway/target/gateway-bench.csv
        --node-jar PATH           inference-node/target/inference-node.jar
        --model-dir PATH          inference-node/model
        --db-url URL              the gateway's database (the companion database)
      The tables and their reading: model-gateway/README.md, section Benchmark
      """;

  /** Warm-up requests per round and path at 32 streams: one full wave of streams. */
  private static final int WARM_UP_REQUESTS_AT_32 = 32;

  /** Warm-up requests per round and path at 1 stream: few, so that a round stays short. */
  private static final int WARM_UP_REQUESTS_AT_1 = 8;

  private final Map<String, String> options;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .executor(Executors.newVirtualThreadPerTaskExecutor())
          .build();
  private final String serviceSecret = UUID.randomUUID().toString();
  // the nodes started here accept only this gateway (and this load generator for the direct rows)
  private final String nodeSecret = UUID.randomUUID().toString();
  private final List<Process> nodes = new ArrayList<>();

  private GatewayBench(Map<String, String> options) {
    this.options = options;
  }

  /**
   * Runs the bench with {@code args}; prints the usage instead for {@code --help} or {@code -h}.
   */
  public static int run(String[] args) throws Exception {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(USAGE);
      return 0;
    }
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
      String prefixHitRate,
      double meanReplyTokens,
      double ttftP95Ms,
      int refused,
      int failed,
      double refusalP95Ms) {

    Row(
        String scenario,
        String path,
        int concurrency,
        int requests,
        Result result,
        String prefixHitRate) {
      this(
          scenario,
          path,
          concurrency,
          requests,
          result.p50(),
          result.mean(),
          result.tokensPerSecond(),
          prefixHitRate,
          result.meanReplyTokens(),
          result.p95(),
          result.refused(),
          result.failed(),
          result.refusalP95Ms());
    }
  }

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
    int warmUpRounds = Integer.parseInt(options.getOrDefault("warm-up-rounds", "60"));
    double settledJitShare = Double.parseDouble(options.getOrDefault("warm-up-jit-share", "0.10"));
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
        String nodes = nodeGroup(nodeJar);
        warmUp(
            nodeA,
            gatewayUrl,
            single,
            maxTokens,
            prompt,
            nodes,
            new WarmUp(settledJitShare, warmUpRounds));
        affinity("warm-up", gatewayUrl, pair, List.of(nodeA, nodeB), true, 20, maxTokens, 9);
        // identical requests on both paths (same prompts, same max_tokens, greedy sampling, so the
        // same replies), measured in alternating rounds so a drift of the machine's load hits
        // both paths alike; each row sums its rounds
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "2"));
        Map<String, CpuSpent> cpu = new LinkedHashMap<>();
        for (int concurrency : new int[] {1, 32}) {
          int n = Math.max(requests, concurrency);
          List<Result> direct = new ArrayList<>();
          List<Result> viaGateway = new ArrayList<>();
          for (int round = 0; round < rounds; round++) {
            Map<String, Double> before = benchCpu(nodes);
            direct.add(measure(nodeA, false, bodies(null, n, maxTokens, prompt), concurrency));
            Map<String, Double> between = benchCpu(nodes);
            viaGateway.add(
                measure(gatewayUrl, true, bodies(single, n, maxTokens, prompt), concurrency));
            Map<String, Double> after = benchCpu(nodes);
            cpu.merge(
                "direct " + concurrency,
                CpuSpent.of(ProcessCpu.spent(before, between), nodes, n),
                CpuSpent::plus);
            cpu.merge(
                "gateway " + concurrency,
                CpuSpent.of(ProcessCpu.spent(between, after), nodes, n),
                CpuSpent::plus);
          }
          rows.add(
              new Row("overhead", "direct", concurrency, n * rounds, Result.merge(direct), ""));
          rows.add(
              new Row(
                  "overhead", "gateway", concurrency, n * rounds, Result.merge(viaGateway), ""));
        }
        // beyond capacity: every request at once, straight to the node and through the gateway
        int burst = Integer.parseInt(options.getOrDefault("burst", "200"));
        rows.add(
            new Row(
                "all at once",
                "direct",
                burst,
                burst,
                measure(nodeA, false, bodies(null, burst, maxTokens, prompt), burst),
                ""));
        rows.add(
            new Row(
                "all at once",
                "gateway",
                burst,
                burst,
                measure(gatewayUrl, true, bodies(single, burst, maxTokens, prompt), burst),
                ""));
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
        printCpu(cpu);
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

  /**
   * Warms both paths the same way (JIT, connection pools, the node's caches) before anything is
   * measured: rounds of the same requests on both paths at both concurrencies, until {@code warmUp}
   * says the JIT compilers have settled. The CPU it judges by is this JVM's (the load generator and
   * the gateway) and the nodes': a fixed 128 requests per path left the JVMs young, and the gateway
   * added +8.7 ms TTFT at 1 stream against +3.7 ms after 1,500 warm-up requests.
   */
  private void warmUp(
      String nodeUrl,
      String gatewayUrl,
      String alias,
      int maxTokens,
      String prompt,
      String nodeGroup,
      WarmUp warmUp)
      throws Exception {
    for (int round = 1; ; round++) {
      Map<String, Double> before = benchCpu(nodeGroup);
      overhead("warm-up", "direct", nodeUrl, null, 32, WARM_UP_REQUESTS_AT_32, maxTokens, prompt);
      overhead(
          "warm-up", "gateway", gatewayUrl, alias, 32, WARM_UP_REQUESTS_AT_32, maxTokens, prompt);
      overhead("warm-up", "direct", nodeUrl, null, 1, WARM_UP_REQUESTS_AT_1, maxTokens, prompt);
      overhead(
          "warm-up", "gateway", gatewayUrl, alias, 1, WARM_UP_REQUESTS_AT_1, maxTokens, prompt);
      Map<String, Double> spent = ProcessCpu.spent(before, benchCpu(nodeGroup));
      boolean done = warmUp.done(ProcessCpu.jitMillis(spent), ProcessCpu.otherMillis(spent));
      OUT.printf(
          Locale.ROOT,
          "warm-up round %d: JIT compiling %.0f%% of the CPU (%.0f%% over the last %d rounds)%n",
          round,
          100 * ProcessCpu.jitShare(spent),
          100 * warmUp.share(),
          Math.min(round, WarmUp.WINDOW));
      if (done) {
        return;
      }
    }
  }

  /**
   * CPU milliseconds so far of the processes this bench runs: its own JVM, where the gateway runs
   * beside the load generator, and the inference nodes (group {@code nodeGroup}).
   */
  private static Map<String, Double> benchCpu(String nodeGroup) {
    Map<String, Double> ours = new TreeMap<>();
    ProcessCpu.snapshot(true)
        .forEach(
            (group, ms) -> {
              String process = group.replace(ProcessCpu.JIT, "");
              if (process.equals(ProcessCpu.SELF) || process.equals(nodeGroup)) {
                ours.put(group, ms);
              }
            });
    return ours;
  }

  /** The group {@link ProcessCpu} files a node under: the name of the jar it runs. */
  private static String nodeGroup(Path nodeJar) {
    return ProcessCpu.groupOf("java\0-jar\0" + nodeJar.toAbsolutePath());
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
    Result result = measure(base, alias != null, bodies(alias, n, maxTokens, prompt), concurrency);
    return new Row(scenario, path, concurrency, n, result, "");
  }

  /** The same n requests for either path; only the gateway's needs a model name. */
  private List<String> bodies(String alias, int n, int maxTokens, String prompt) {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      bodies.add(
          body(
              alias,
              List.of(Map.of("role", "user", "content", prompt + " (" + i + ")")),
              maxTokens,
              null));
    }
    return bodies;
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
    Result result = measure(gatewayUrl, true, bodies, 4);
    double[] after = prefixCounters(nodeUrls);
    double queries = after[0] - before[0];
    String hitRate =
        queries <= 0
            ? "n/a"
            : String.format(Locale.ROOT, "%.1f%%", 100 * (after[1] - before[1]) / queries);
    return new Row(scenario, "gateway", 4, n, result, hitRate);
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

  /**
   * What one phase measured.
   *
   * @param ttftMs time to the first token of each answered request
   * @param replyTokens completion tokens of each answered request
   * @param refusalMs how long each refused request (429/503) took to be refused
   */
  record Result(
      double[] ttftMs, long[] replyTokens, double seconds, double[] refusalMs, int failed) {

    static Result merge(List<Result> results) {
      double[] ttft = new double[0];
      long[] tokens = new long[0];
      double[] refusals = new double[0];
      double seconds = 0;
      int failed = 0;
      for (Result r : results) {
        ttft = concat(ttft, r.ttftMs());
        tokens =
            java.util.stream.LongStream.concat(
                    java.util.Arrays.stream(tokens), java.util.Arrays.stream(r.replyTokens()))
                .toArray();
        refusals = concat(refusals, r.refusalMs());
        seconds += r.seconds();
        failed += r.failed();
      }
      return new Result(ttft, tokens, seconds, refusals, failed);
    }

    private static double[] concat(double[] a, double[] b) {
      double[] out = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, out, a.length, b.length);
      return out;
    }

    double p50() {
      return percentile(ttftMs, 0.5);
    }

    double p95() {
      return percentile(ttftMs, 0.95);
    }

    double mean() {
      return Arrays.stream(ttftMs).average().orElse(0);
    }

    double tokensPerSecond() {
      return Arrays.stream(replyTokens).sum() / seconds;
    }

    double meanReplyTokens() {
      return Arrays.stream(replyTokens).average().orElse(0);
    }

    int refused() {
      return refusalMs.length;
    }

    double refusalP95Ms() {
      return percentile(refusalMs, 0.95);
    }

    private static double percentile(double[] values, double q) {
      if (values.length == 0) {
        return 0;
      }
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      return sorted[(int) Math.ceil(q * sorted.length) - 1];
    }
  }

  /**
   * CPU milliseconds a measured phase cost, net of the JIT compilers: the bench JVM's (the load
   * generator, and on the gateway path the gateway too) and the nodes', with the compilers' apart.
   */
  record CpuSpent(double benchMs, double nodesMs, double jitMs, int requests) {

    static CpuSpent of(Map<String, Double> spent, String nodeGroup, int requests) {
      double self = spent.getOrDefault(ProcessCpu.SELF, 0.0);
      double selfJit = spent.getOrDefault(ProcessCpu.SELF + ProcessCpu.JIT, 0.0);
      double nodes = spent.getOrDefault(nodeGroup, 0.0);
      double nodesJit = spent.getOrDefault(nodeGroup + ProcessCpu.JIT, 0.0);
      return new CpuSpent(self - selfJit, nodes - nodesJit, selfJit + nodesJit, requests);
    }

    CpuSpent plus(CpuSpent other) {
      return new CpuSpent(
          benchMs + other.benchMs,
          nodesMs + other.nodesMs,
          jitMs + other.jitMs,
          requests + other.requests);
    }

    double benchPerRequest() {
      return benchMs / requests;
    }

    double nodesPerRequest() {
      return nodesMs / requests;
    }

    double jitShare() {
      double all = benchMs + nodesMs + jitMs;
      return all <= 0 ? 0 : jitMs / all;
    }
  }

  /**
   * The CPU per request of the overhead rows: the gateway's own is what the bench JVM spends on the
   * gateway path beyond the direct one, the load generator's work being the same on both.
   */
  private static void printCpu(Map<String, CpuSpent> cpu) {
    OUT.println();
    OUT.println(
        "| path | streams | bench JVM, CPU ms per request | nodes, CPU ms per request"
            + " | JIT share |");
    OUT.println("|---|---:|---:|---:|---:|");
    cpu.forEach(
        (key, spent) -> {
          String[] pathAndStreams = key.split(" ");
          OUT.printf(
              Locale.ROOT,
              "| %s | %s | %.2f | %.2f | %.0f%% |%n",
              pathAndStreams[0],
              pathAndStreams[1],
              spent.benchPerRequest(),
              spent.nodesPerRequest(),
              100 * spent.jitShare());
        });
    for (int streams : new int[] {1, 32}) {
      CpuSpent direct = cpu.get("direct " + streams);
      CpuSpent gateway = cpu.get("gateway " + streams);
      if (direct != null && gateway != null) {
        OUT.printf(
            Locale.ROOT,
            "the gateway's own CPU at %d stream(s): %.2f ms per request (bench JVM, gateway path"
                + " - direct path); the nodes spent %.2f ms per request on either path%n",
            streams,
            gateway.benchPerRequest() - direct.benchPerRequest(),
            (gateway.nodesPerRequest() + direct.nodesPerRequest()) / 2);
      }
    }
  }

  /** One request's outcome: status, nanoseconds to the first token or to the refusal, tokens. */
  private record Outcome(int status, long nanos, long tokens) {}

  /** Sends every body with {@code concurrency} streams in flight; measures TTFT and tokens. */
  private Result measure(String base, boolean viaGateway, List<String> bodies, int concurrency)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      long start = System.nanoTime();
      List<Future<Outcome>> futures = new ArrayList<>();
      for (String body : bodies) {
        futures.add(pool.submit(() -> stream(base, viaGateway, body)));
      }
      List<Double> ttft = new ArrayList<>();
      List<Long> tokens = new ArrayList<>();
      List<Double> refusals = new ArrayList<>();
      int failed = 0;
      for (Future<Outcome> future : futures) {
        Outcome one = future.get();
        if (one.status() == 200) {
          ttft.add(one.nanos() / 1e6);
          tokens.add(one.tokens());
        } else if (one.status() == 429 || one.status() == 503) {
          refusals.add(one.nanos() / 1e6);
        } else {
          failed++;
        }
      }
      return new Result(
          ttft.stream().mapToDouble(Double::doubleValue).toArray(),
          tokens.stream().mapToLong(Long::longValue).toArray(),
          (System.nanoTime() - start) / 1e9,
          refusals.stream().mapToDouble(Double::doubleValue).toArray(),
          failed);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * One streamed request. The load generator does the same small work on either path: it looks for
   * the first line that carries text, and parses JSON only once, for the final counts, so its own
   * cost does not differ between the rows it compares.
   */
  private Outcome stream(String base, boolean viaGateway, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(base + (viaGateway ? "/v1/chat/completions" : "/v1/generate")))
            .timeout(Duration.ofMinutes(5))
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    request.header("X-Service-Key", "bench:" + (viaGateway ? serviceSecret : nodeSecret));
    long start = System.nanoTime();
    HttpResponse<Stream<String>> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
    if (response.statusCode() != 200) {
      long refused = System.nanoTime() - start;
      response.body().close();
      return new Outcome(response.statusCode(), refused, 0);
    }
    long first = 0;
    long tokens = 0;
    for (String line : (Iterable<String>) response.body()::iterator) {
      if (first == 0
          && (viaGateway
              ? line.startsWith("data:")
                  && line.contains("\"content\":\"")
                  && !line.contains("\"content\":\"\"")
              : line.startsWith("event:") && line.endsWith("token"))) {
        first = System.nanoTime() - start;
      }
      if (viaGateway ? line.contains("\"usage\":{") : line.contains("\"completion_tokens\"")) {
        JsonNode node = JSON.readTree(line.substring(line.indexOf('{')));
        tokens = (viaGateway ? node.path("usage") : node).path("completion_tokens").asLong();
      }
    }
    return new Outcome(200, first == 0 ? System.nanoTime() - start : first, tokens);
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
        "model-gateway bench (%s, %s %s, load average at the end %s)%n",
        cpu,
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        loadAverage());
    OUT.println(
        "| scenario | path | streams | requests | mean reply tokens | TTFT p50 ms | TTFT p95 ms"
            + " | TTFT mean ms | tokens/s | refused (p95 ms to refusal) | failed | prefix-cache hit"
            + " rate |");
    OUT.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    StringBuilder lines =
        new StringBuilder(
            "scenario,path,streams,requests,mean_reply_tokens,ttft_p50_ms,ttft_p95_ms,ttft_mean_ms,"
                + "tokens_per_s,refused,refusal_p95_ms,failed,prefix_hit_rate\n");
    for (Row row : rows) {
      OUT.printf(
          Locale.ROOT,
          "| %s | %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %s | %d | %s |%n",
          row.scenario(),
          row.path(),
          row.concurrency(),
          row.requests(),
          row.meanReplyTokens(),
          row.ttftP50Ms(),
          row.ttftP95Ms(),
          row.ttftMeanMs(),
          row.tokensPerSecond(),
          row.refused() == 0
              ? "0"
              : String.format(Locale.ROOT, "%d (%.0f)", row.refused(), row.refusalP95Ms()),
          row.failed(),
          row.prefixHitRate().isEmpty() ? "-" : row.prefixHitRate());
      lines.append(
          String.format(
              Locale.ROOT,
              "%s,%s,%d,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%d,%.1f,%d,%s%n",
              row.scenario(),
              row.path(),
              row.concurrency(),
              row.requests(),
              row.meanReplyTokens(),
              row.ttftP50Ms(),
              row.ttftP95Ms(),
              row.ttftMeanMs(),
              row.tokensPerSecond(),
              row.refused(),
              row.refusalP95Ms(),
              row.failed(),
              row.prefixHitRate()));
    }
    OUT.println();
    OUT.println("| ratio | 1 stream | 32 streams | target |");
    OUT.println("|---|---:|---:|---|");
    OUT.printf(
        Locale.ROOT,
        "| added TTFT p50, ms (gateway - direct) | %+.1f | %+.1f | <= 5 ms at 1 stream |%n",
        gateway1.ttftP50Ms() - direct1.ttftP50Ms(),
        gateway32.ttftP50Ms() - direct32.ttftP50Ms());
    OUT.printf(
        Locale.ROOT,
        "| throughput, gateway / direct | %.1f%% | %.1f%% | >= 95%% at 32 streams |%n",
        100 * gateway1.tokensPerSecond() / direct1.tokensPerSecond(),
        100 * gateway32.tokensPerSecond() / direct32.tokensPerSecond());
    OUT.printf(
        Locale.ROOT,
        "| mean reply tokens, gateway / direct | %.1f / %.1f | %.1f / %.1f | equal |%n",
        gateway1.meanReplyTokens(),
        direct1.meanReplyTokens(),
        gateway32.meanReplyTokens(),
        direct32.meanReplyTokens());
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

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException unavailable) {
      return "n/a";
    }
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
                "--inference.model-dir=" + modelDir.toAbsolutePath(),
                "--inference.service-credentials.bench=" + nodeSecret)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    nodes.add(process);
    OUT.println("started inference node on port " + port + " (log " + log + ")");
    return "http://127.0.0.1:" + port;
  }

  private void awaitReady(String base) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
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
    args.add("--gateway.node-credential=bench:" + nodeSecret);
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
