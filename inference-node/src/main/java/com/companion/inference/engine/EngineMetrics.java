package com.companion.inference.engine;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.DoubleSupplier;

/**
 * The node's Prometheus metrics under the names vLLM uses, because the model gateway's routing (and
 * dashboards built for vLLM) read exactly these: latency histograms, running/waiting gauges,
 * KV-cache usage, prefix-cache queries and hits, plus tokens routed to each expert of each layer.
 */
public final class EngineMetrics {

  private static final double[] LATENCY_BUCKETS = {
    0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
    20.0, 40.0, 80.0
  };

  /** A cumulative histogram with fixed buckets. */
  public static final class Histogram {
    private final String name;
    private final String help;
    private final AtomicLongArray counts = new AtomicLongArray(LATENCY_BUCKETS.length + 1);
    private final AtomicLong sumMicros = new AtomicLong();

    Histogram(String name, String help) {
      this.name = name;
      this.help = help;
    }

    public void observe(double seconds) {
      int i = 0;
      while (i < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[i]) {
        i++;
      }
      counts.incrementAndGet(i);
      sumMicros.addAndGet(Math.round(seconds * 1e6));
    }

    public long count() {
      long n = 0;
      for (int i = 0; i < counts.length(); i++) {
        n += counts.get(i);
      }
      return n;
    }

    public double sumSeconds() {
      return sumMicros.get() / 1e6;
    }

    void render(StringBuilder out, String labels) {
      out.append("# HELP ").append(name).append(' ').append(help).append('\n');
      out.append("# TYPE ").append(name).append(" histogram\n");
      long cumulative = 0;
      for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
        cumulative += counts.get(i);
        out.append(name)
            .append("_bucket{")
            .append(labels)
            .append(",le=\"")
            .append(LATENCY_BUCKETS[i])
            .append("\"} ")
            .append(cumulative)
            .append('\n');
      }
      cumulative += counts.get(LATENCY_BUCKETS.length);
      out.append(name).append("_bucket{").append(labels).append(",le=\"+Inf\"} ");
      out.append(cumulative).append('\n');
      out.append(name).append("_sum{").append(labels).append("} ");
      out.append(String.format(Locale.ROOT, "%.6f", sumSeconds())).append('\n');
      out.append(name).append("_count{").append(labels).append("} ").append(cumulative);
      out.append('\n');
    }
  }

  public final Histogram timeToFirstToken =
      new Histogram("vllm:time_to_first_token_seconds", "Time to first token.");
  public final Histogram interTokenLatency =
      new Histogram("vllm:inter_token_latency_seconds", "Time between two output tokens.");
  public final Histogram queueTime =
      new Histogram("vllm:request_queue_time_seconds", "Time a request waited for admission.");
  public final Histogram e2eLatency =
      new Histogram("vllm:e2e_request_latency_seconds", "Time from arrival to the last token.");
  public final AtomicLong prefixCacheQueries = new AtomicLong();
  public final AtomicLong prefixCacheHits = new AtomicLong();
  public final AtomicLong promptTokens = new AtomicLong();
  public final AtomicLong generationTokens = new AtomicLong();
  private final String modelName;
  private final int layers;
  private final int experts;
  private final AtomicLongArray expertTokens;
  private volatile DoubleSupplier running = () -> 0;
  private volatile DoubleSupplier waiting = () -> 0;
  private volatile DoubleSupplier kvUsage = () -> 0;

  public EngineMetrics(String modelName, int layers, int experts) {
    this.modelName = modelName;
    this.layers = layers;
    this.experts = experts;
    this.expertTokens = new AtomicLongArray(Math.max(1, layers * experts));
  }

  public void bindGauges(DoubleSupplier running, DoubleSupplier waiting, DoubleSupplier kvUsage) {
    this.running = running;
    this.waiting = waiting;
    this.kvUsage = kvUsage;
  }

  public void routed(int layer, long[] tokensPerExpert) {
    for (int e = 0; e < tokensPerExpert.length; e++) {
      if (tokensPerExpert[e] != 0) {
        expertTokens.addAndGet(layer * experts + e, tokensPerExpert[e]);
      }
    }
  }

  public long expertTokens(int layer, int expert) {
    return expertTokens.get(layer * experts + expert);
  }

  /** The Prometheus text exposition (format 0.0.4). */
  public String render() {
    String labels = "model_name=\"" + modelName + "\"";
    StringBuilder out = new StringBuilder(8192);
    gauge(out, "vllm:num_requests_running", "Requests in the running batch.", labels, running);
    gauge(out, "vllm:num_requests_waiting", "Requests waiting for admission.", labels, waiting);
    gauge(out, "vllm:kv_cache_usage_perc", "Share of KV blocks in use (0-1).", labels, kvUsage);
    counter(
        out, "vllm:prefix_cache_queries", "Prompt tokens looked up.", labels, prefixCacheQueries);
    counter(out, "vllm:prefix_cache_hits", "Prompt tokens found cached.", labels, prefixCacheHits);
    counter(out, "vllm:prompt_tokens", "Prompt tokens processed.", labels, promptTokens);
    counter(out, "vllm:generation_tokens", "Tokens generated.", labels, generationTokens);
    timeToFirstToken.render(out, labels);
    interTokenLatency.render(out, labels);
    queueTime.render(out, labels);
    e2eLatency.render(out, labels);
    out.append(
        "# HELP inference_expert_routed_tokens Tokens routed to each expert of each layer.\n");
    out.append("# TYPE inference_expert_routed_tokens counter\n");
    for (int l = 0; l < layers; l++) {
      for (int e = 0; e < experts; e++) {
        out.append("inference_expert_routed_tokens_total{")
            .append(labels)
            .append(",layer=\"")
            .append(l)
            .append("\",expert=\"")
            .append(e)
            .append("\"} ")
            .append(expertTokens(l, e))
            .append('\n');
      }
    }
    return out.toString();
  }

  private static void gauge(
      StringBuilder out, String name, String help, String labels, DoubleSupplier value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    out.append(name).append('{').append(labels).append("} ");
    out.append(String.format(Locale.ROOT, "%.6f", value.getAsDouble())).append('\n');
  }

  private static void counter(
      StringBuilder out, String name, String help, String labels, AtomicLong value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    out.append(name).append("_total{").append(labels).append("} ").append(value.get());
    out.append('\n');
  }
}
