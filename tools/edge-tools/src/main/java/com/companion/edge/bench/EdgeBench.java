package com.companion.edge.bench;

import com.companion.edge.EdgeApplication;
import com.companion.edge.ratelimit.BucketLimit;
import com.companion.edge.ratelimit.TokenBucketRateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar edge-tools.jar bench [--requests=N] [--concurrency=C] [spring properties]}: what
 * the edge costs per request. It starts a stub upstream and an edge in this JVM (against the
 * PostgreSQL and Redis of the given {@code spring.*} settings, local defaults otherwise) and
 * measures, in one run: the stub called directly, the same call through the edge (JWT, product,
 * Redis token bucket, proxy), an edge-local 404 (everything but the proxy hop), and the Redis token
 * bucket alone. Client, edge and upstream share the machine's cores, so compare the ratios more
 * than the absolute figures.
 */
public final class EdgeBench {

  private EdgeBench() {}

  private record Result(
      String scenario, int requests, int errors, long failOpen, double seconds, long[] nanos) {

    double throughput() {
      return requests / seconds;
    }

    double percentileMillis(double p) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
      return sorted[Math.max(0, index)] / 1e6;
    }
  }

  public static int run(String[] args) {
    int requests = intOption(args, "--requests=", 20_000);
    int concurrency = intOption(args, "--concurrency=", 32);
    int sseStreams = intOption(args, "--sse-streams=", 16);
    int sseEvents = intOption(args, "--sse-events=", 200);
    int warmup = Math.max(1_000, requests / 10);
    List<String> springArgs = new ArrayList<>();
    for (String arg : args) {
      if (!arg.startsWith("--requests=")
          && !arg.startsWith("--concurrency=")
          && !arg.startsWith("--sse-")) {
        springArgs.add(arg);
      }
    }

    DisposableServer upstream =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(
                (request, response) ->
                    request.uri().startsWith("/v1/conversations/")
                        ? request
                            .receive()
                            .then()
                            .then(
                                response
                                    .header("Content-Type", "text/event-stream")
                                    .sendString(SseRelayMeasure.stubEvents(sseEvents))
                                    .then())
                        : request
                            .receive()
                            .then()
                            .then(
                                response
                                    .header("Content-Type", "application/json")
                                    .sendString(Mono.just("{\"items\":[],\"next_cursor\":null}"))
                                    .then()))
            .bindNow();
    String upstreamUrl = "http://127.0.0.1:" + upstream.port();
    springArgs.addAll(
        List.of(
            "--server.port=0",
            "--edge.character-service-url=" + upstreamUrl,
            "--edge.chat-service-url=" + upstreamUrl,
            "--edge.safety-filter-url=" + upstreamUrl,
            "--edge.model-gateway-url=" + upstreamUrl,
            // tokens come from the edge's own local sign-in: no service jar carries a token minter
            "--edge.web-app.local-sign-in=true",
            "--spring.main.banner-mode=off",
            "--logging.level.root=WARN"));
    ConfigurableApplicationContext edge =
        new SpringApplicationBuilder(EdgeApplication.class).run(springArgs.toArray(String[]::new));
    try {
      String edgeUrl = "http://127.0.0.1:" + edge.getEnvironment().getProperty("local.server.port");
      // a fresh user per 20 requests keeps every bucket of the seeded product well inside its
      // burst, so the bench measures the limiter's cost, not its rejections
      LocalTokens minter = new LocalTokens(edgeUrl);
      int users = (2 * (requests + warmup)) / 20 + 1;
      String[] tokens = new String[users];
      for (int i = 0; i < users; i++) {
        tokens[i] = mintUser(minter);
      }
      AtomicInteger next = new AtomicInteger();
      ConnectionProvider pool =
          ConnectionProvider.builder("bench").maxConnections(concurrency * 2).build();
      HttpClient client = HttpClient.create(pool);

      IntFunction<Mono<Boolean>> direct =
          i -> get(client, upstreamUrl + "/v1/characters", null, 200);
      IntFunction<Mono<Boolean>> proxied =
          i ->
              get(
                  client,
                  edgeUrl + "/v1/characters",
                  tokens[Math.floorMod(next.getAndIncrement(), users)],
                  200);
      IntFunction<Mono<Boolean>> local =
          i ->
              get(
                  client,
                  edgeUrl + "/v1/not-routed",
                  tokens[Math.floorMod(next.getAndIncrement(), users)],
                  404);
      TokenBucketRateLimiter limiter = edge.getBean(TokenBucketRateLimiter.class);
      BucketLimit generous = new BucketLimit(1_000_000, 1_000_000);
      String benchKey = "bench:" + UUID.randomUUID();
      IntFunction<Mono<Boolean>> bucket =
          i -> limiter.tryConsume(benchKey, generous).map(decision -> decision.allowed());

      Counter failOpen = edge.getBean(MeterRegistry.class).counter("edge.rate_limit.fail_open");
      List<Result> results = new ArrayList<>();
      results.add(
          measure("direct to upstream (no edge)", direct, requests, warmup, concurrency, failOpen));
      results.add(
          measure(
              "through the edge (JWT, product, bucket, proxy)",
              proxied,
              requests,
              warmup,
              concurrency,
              failOpen));
      results.add(
          measure("edge-local 404 (no proxy hop)", local, requests, warmup, concurrency, failOpen));
      results.add(
          measure("Redis token bucket alone", bucket, requests, warmup, concurrency, failOpen));
      print(results, concurrency);
      // chat streams: warm both paths, then measure straight to the stub and through the edge
      String stream = "/v1/conversations/bench/messages";
      // users of their own: the earlier scenarios spent part of every other user's burst
      String sseToken = mintUser(minter);
      SseRelayMeasure.measure("warm-up", client, upstreamUrl + stream, null, sseStreams);
      SseRelayMeasure.measure("warm-up", client, edgeUrl + stream, mintUser(minter), sseStreams);
      SseRelayMeasure.Phase sseDirect =
          SseRelayMeasure.measure(
              "direct to upstream (no edge)", client, upstreamUrl + stream, null, sseStreams);
      SseRelayMeasure.Phase sseEdge =
          SseRelayMeasure.measure(
              "through the edge", client, edgeUrl + stream, sseToken, sseStreams);
      SseRelayMeasure.print(sseDirect, sseEdge);
      pool.disposeLater().block();
      return results.stream().anyMatch(r -> r.errors() > 0) ? 1 : 0;
    } finally {
      edge.close();
      upstream.disposeNow();
    }
  }

  private static String mintUser(LocalTokens minter) {
    return "Bearer " + minter.signIn("bench-" + UUID.randomUUID(), "glow");
  }

  /** Tokens from the edge's {@code POST /v1/app/local-token}, as the web app's local sign-in. */
  private record LocalTokens(String edgeUrl) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    String signIn(String user, String product) {
      Map<String, Object> body =
          Map.of("user", user, "roles", List.of("user"), "product", product, "age_group", "adult");
      String answer =
          HttpClient.create()
              .headers(h -> h.set("Content-Type", "application/json"))
              .post()
              .uri(edgeUrl + "/v1/app/local-token")
              .send(ByteBufFlux.fromString(Mono.just(JSON.writeValueAsString(body))))
              .responseSingle(
                  (response, content) ->
                      response.status().code() == 200
                          ? content.asString()
                          : Mono.error(
                              new IllegalStateException(
                                  "local sign-in answered " + response.status())))
              .block(Duration.ofSeconds(10));
      return JSON.readTree(answer).path("access_token").asString();
    }
  }

  private static Mono<Boolean> get(
      HttpClient client, String url, String authorization, int expect) {
    return client
        .headers(
            h -> {
              if (authorization != null) {
                h.set("Authorization", authorization);
              }
            })
        .get()
        .uri(url)
        .responseSingle(
            (response, body) -> body.then(Mono.just(response.status().code() == expect)))
        .onErrorReturn(false);
  }

  private static Result measure(
      String scenario,
      IntFunction<Mono<Boolean>> call,
      int requests,
      int warmup,
      int concurrency,
      Counter failOpen) {
    run(call, warmup, concurrency, new long[warmup]);
    double failOpenBefore = failOpen.count();
    long[] nanos = new long[requests];
    long start = System.nanoTime();
    int errors = run(call, requests, concurrency, nanos);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(
        scenario, requests, errors, Math.round(failOpen.count() - failOpenBefore), seconds, nanos);
  }

  private static int run(
      IntFunction<Mono<Boolean>> call, int count, int concurrency, long[] nanos) {
    AtomicInteger errors = new AtomicInteger();
    Flux.range(0, count)
        .flatMap(
            i -> {
              long begin = System.nanoTime();
              return call.apply(i)
                  .doOnNext(
                      ok -> {
                        nanos[i] = System.nanoTime() - begin;
                        if (!ok) {
                          errors.incrementAndGet();
                        }
                      });
            },
            concurrency)
        .blockLast();
    return errors.get();
  }

  private static void print(List<Result> results, int concurrency) {
    double baseline = results.get(0).percentileMillis(0.5);
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "edge bench: %d CPU cores (%s), load average %s, Java %s, concurrency %d%n%n",
        Runtime.getRuntime().availableProcessors(),
        cpuModel(),
        loadAverage(),
        Runtime.version(),
        concurrency);
    System.out.println(
        "| scenario | requests | errors | failed open | req/s | p50 ms | p99 ms | p50 vs direct |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (Result r : results) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %d | %d | %.0f | %.2f | %.2f | %.2fx |%n",
          r.scenario(),
          r.requests(),
          r.errors(),
          r.failOpen(),
          r.throughput(),
          r.percentileMillis(0.5),
          r.percentileMillis(0.99),
          r.percentileMillis(0.5) / baseline);
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static int intOption(String[] args, String prefix, int fallback) {
    for (String arg : args) {
      if (arg.startsWith(prefix)) {
        return Integer.parseInt(arg.substring(prefix.length()));
      }
    }
    return fallback;
  }
}
