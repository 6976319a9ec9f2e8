package com.companion.contracts.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusPageTest {

  private static final PrometheusPage PAGE =
      PrometheusPage.parse(
          """
          # HELP vllm:prefix_cache_hits Prompt tokens found cached.
          # TYPE vllm:prefix_cache_hits counter
          vllm:prefix_cache_hits_total{model_name="companion moe",node="a"} 30.0
          vllm:prefix_cache_hits_total{model_name="companion moe",node="b"} 12.0 1764640000000
          vllm:prefix_cache_hits_created 1764600000.0
          vllm:num_requests_running 3 1764640000000
          chat_turn_start_step_seconds_count{step="claim"} 40.0
          not a sample
          """);

  @Test
  void readsEachSeriesWithItsLabelsLeavingOutTimestampsAndOtherLines() {
    assertThat(PAGE.get("chat_turn_start_step_seconds_count{step=\"claim\"}")).isEqualTo(40.0);
    assertThat(PAGE.get("vllm:num_requests_running")).isEqualTo(3.0);
    assertThat(PAGE.get("vllm:prefix_cache_hits_total{model_name=\"companion moe\",node=\"b\"}"))
        .isEqualTo(12.0);
    assertThat(PAGE.series()).hasSize(5);
  }

  @Test
  void sumsASeriesOverItsLabelsButNotAnotherNameThatStartsTheSame() {
    assertThat(PAGE.sum("vllm:prefix_cache_hits_total")).isEqualTo(42.0);
    assertThat(PAGE.sum("vllm:prefix_cache_hits")).isZero();
    assertThat(PAGE.sum("vllm:num_requests_waiting")).isZero();
  }

  @Test
  void theFirstNameThePageHasAnswers() {
    assertThat(PAGE.first("vllm:prefix_cache_hits", "vllm:prefix_cache_hits_total"))
        .isEqualTo(42.0);
    assertThat(PAGE.first("vllm:num_requests_running", "vllm:prefix_cache_hits_total"))
        .isEqualTo(3.0);
    assertThat(PAGE.first("vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc")).isZero();
  }
}
