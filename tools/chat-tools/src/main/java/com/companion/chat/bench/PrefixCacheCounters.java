package com.companion.chat.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The inference node's prefix-cache counters ({@code vllm:prefix_cache_queries_total} and {@code
 * vllm:prefix_cache_hits_total} on its {@code /metrics}): prompt tokens looked up and found cached.
 * Read before and after a phase, they say how much of its prefill the node could skip, which must
 * be alike on both sides for their TTFT to compare.
 */
record PrefixCacheCounters(long queries, long hits) {

  static final PrefixCacheCounters NONE = new PrefixCacheCounters(0, 0);

  static PrefixCacheCounters read(HttpClient http, String node) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(node + "/metrics"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? parse(response.body()) : NONE;
    } catch (IOException e) {
      return NONE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return NONE;
    }
  }

  /** The counters in a Prometheus text page, summed over their series; zero when absent. */
  static PrefixCacheCounters parse(String metrics) {
    long queries = 0;
    long hits = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("vllm:prefix_cache_queries_total")) {
        queries += value(line);
      } else if (line.startsWith("vllm:prefix_cache_hits_total")) {
        hits += value(line);
      }
    }
    return new PrefixCacheCounters(queries, hits);
  }

  private static long value(String line) {
    return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
  }

  /** The share of prompt tokens found cached since {@code before}; NaN when none were looked up. */
  double hitShareSince(PrefixCacheCounters before) {
    long looked = queries - before.queries;
    return looked <= 0 ? Double.NaN : (double) (hits - before.hits) / looked;
  }
}
