package com.companion.edge.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * What the edge adds to a chat stream per event: {@code streams} Server-Sent Event streams of
 * {@code events} small events each (one write and flush per event upstream, a word's worth of text,
 * as chat-service sends them), read straight from the stub and then through the edge. The JVM's own
 * CPU counter is read around each phase; client and stub do the same work in both, so the
 * difference divided by the events is what the edge spent on each.
 */
final class SseRelayMeasure {

  /** What one phase measured. */
  record Phase(String scenario, long events, double seconds, double cpuMillis, double[] lastMs) {

    double eventsPerSecond() {
      return events / seconds;
    }

    double p50LastEventMs() {
      double[] sorted = lastMs.clone();
      Arrays.sort(sorted);
      return sorted[(sorted.length - 1) / 2];
    }
  }

  private SseRelayMeasure() {}

  /** The stub's answer: {@code events} deltas, each written and flushed on its own. */
  static Flux<String> stubEvents(int events) {
    return Flux.range(0, events)
        .delayElements(Duration.ofMillis(1))
        .map(i -> "event: delta\ndata: {\"text\":\"word" + i + " \"}\n\n")
        .concatWithValues("event: done\ndata: {\"finish_reason\":\"stop\"}\n\n");
  }

  static Phase measure(
      String scenario, HttpClient client, String url, String authorization, int streams) {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    AtomicLong events = new AtomicLong();
    double[] lastMs = new double[streams];
    long cpuBefore = os.getProcessCpuTime();
    long start = System.nanoTime();
    Flux.range(0, streams)
        .flatMap(
            i -> {
              long begin = System.nanoTime();
              return client
                  .headers(
                      h -> {
                        h.set("Accept", "text/event-stream");
                        if (authorization != null) {
                          h.set("Authorization", authorization);
                        }
                      })
                  .post()
                  .uri(url)
                  .send(Mono.empty())
                  .response((response, body) -> body.asString())
                  .doOnNext(
                      chunk -> {
                        int at = chunk.indexOf("event: delta");
                        while (at >= 0) {
                          events.incrementAndGet();
                          at = chunk.indexOf("event: delta", at + 1);
                        }
                      })
                  .then(Mono.fromRunnable(() -> lastMs[i] = (System.nanoTime() - begin) / 1e6));
            },
            streams)
        .blockLast();
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuMillis = (os.getProcessCpuTime() - cpuBefore) / 1e6;
    return new Phase(scenario, events.get(), seconds, cpuMillis, lastMs);
  }

  static void print(Phase direct, Phase edge) {
    System.out.println();
    System.out.println(
        "| SSE relay | events | events/s | last event p50 ms | CPU ms (all of this JVM) |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (Phase phase : new Phase[] {direct, edge}) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %.0f | %.1f | %.0f |%n",
          phase.scenario(),
          phase.events(),
          phase.eventsPerSecond(),
          phase.p50LastEventMs(),
          phase.cpuMillis());
    }
    System.out.printf(
        Locale.ROOT,
        "edge CPU per relayed event: %.1f us (the request's own costs spread over its events"
            + " included); last event %+.1f ms later than direct%n",
        1000 * (edge.cpuMillis() - direct.cpuMillis()) / Math.max(1, edge.events()),
        edge.p50LastEventMs() - direct.p50LastEventMs());
  }
}
