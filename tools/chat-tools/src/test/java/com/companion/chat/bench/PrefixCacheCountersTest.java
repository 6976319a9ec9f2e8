package com.companion.chat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.metrics.PrometheusPage;
import org.junit.jupiter.api.Test;

class PrefixCacheCountersTest {

  private static final String PAGE =
      """
      # HELP vllm:prefix_cache_queries Prompt tokens looked up.
      # TYPE vllm:prefix_cache_queries counter
      vllm:prefix_cache_queries_total{model_name="model"} 1000
      # HELP vllm:prefix_cache_hits Prompt tokens found cached.
      vllm:prefix_cache_hits_total{model_name="model"} 250.0
      vllm:prompt_tokens_total{model_name="model"} 750
      """;

  @Test
  void readsTheCountersAndTheShareFoundCachedBetweenTwoReadings() {
    PrefixCacheCounters before = PrefixCacheCounters.of(PrometheusPage.parse(PAGE));
    PrefixCacheCounters after = new PrefixCacheCounters(1400, 550);

    assertThat(before).isEqualTo(new PrefixCacheCounters(1000, 250));
    assertThat(after.hitShareSince(before)).isEqualTo(0.75);
  }

  @Test
  void aNodeWithoutThemGivesNoShare() {
    PrefixCacheCounters none =
        PrefixCacheCounters.of(PrometheusPage.parse("vllm:prompt_tokens_total 5\n"));

    assertThat(none).isEqualTo(new PrefixCacheCounters(0, 0));
    assertThat(none.hitShareSince(none)).isNaN();
  }
}
