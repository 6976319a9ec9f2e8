package com.companion.chat.bench;

import java.net.http.HttpClient;
import java.util.Map;

/**
 * The inference node's prefix-cache counters ({@code vllm:prefix_cache_queries_total} and {@code
 * vllm:prefix_cache_hits_total} on its {@code /metrics}): prompt tokens looked up and found cached.
 * Read before and after a phase, they say how much of its prefill the node could skip, which must
 * be alike on both sides for their TTFT to compare.
 */
record PrefixCacheCounters(long queries, long hits) {

  static PrefixCacheCounters read(HttpClient http, String node) {
    return of(MetricsPage.read(http, node + "/metrics"));
  }

  /** The counters on a page, summed over their series; zero when absent. */
  static PrefixCacheCounters of(Map<String, Double> page) {
    return new PrefixCacheCounters(
        (long) MetricsPage.sum(page, "vllm:prefix_cache_queries_total"),
        (long) MetricsPage.sum(page, "vllm:prefix_cache_hits_total"));
  }

  /** The share of prompt tokens found cached since {@code before}; NaN when none were looked up. */
  double hitShareSince(PrefixCacheCounters before) {
    long looked = queries - before.queries;
    return looked <= 0 ? Double.NaN : (double) (hits - before.hits) / looked;
  }
}
