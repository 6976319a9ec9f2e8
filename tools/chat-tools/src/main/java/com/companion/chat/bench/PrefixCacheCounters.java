package com.companion.chat.bench;

import com.companion.contracts.metrics.PrometheusPage;
import java.net.http.HttpClient;

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
  static PrefixCacheCounters of(PrometheusPage page) {
    return new PrefixCacheCounters(
        (long) page.sum("vllm:prefix_cache_queries_total"),
        (long) page.sum("vllm:prefix_cache_hits_total"));
  }

  /** The share of prompt tokens found cached since {@code before}; NaN when none were looked up. */
  double hitShareSince(PrefixCacheCounters before) {
    long looked = queries - before.queries;
    return looked <= 0 ? Double.NaN : (double) (hits - before.hits) / looked;
  }
}
