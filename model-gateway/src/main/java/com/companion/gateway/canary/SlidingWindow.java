package com.companion.gateway.canary;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/** Outcomes of one version over the last {@code length} of time. */
final class SlidingWindow {

  private record Sample(Instant at, boolean ok, Long ttftMs) {}

  private final Duration length;
  private final Deque<Sample> samples = new ArrayDeque<>();

  SlidingWindow(Duration length) {
    this.length = length;
  }

  synchronized void add(Instant now, boolean ok, Long ttftMs) {
    samples.addLast(new Sample(now, ok, ttftMs));
    trim(now);
  }

  synchronized WindowStats stats(Instant now) {
    trim(now);
    int errors = 0;
    long[] ttfts = new long[samples.size()];
    int n = 0;
    for (Sample sample : samples) {
      if (!sample.ok()) {
        errors++;
      } else if (sample.ttftMs() != null) {
        ttfts[n++] = sample.ttftMs();
      }
    }
    Double p95 = null;
    if (n > 0) {
      long[] sorted = Arrays.copyOf(ttfts, n);
      Arrays.sort(sorted);
      p95 = (double) sorted[Math.min(n - 1, (int) Math.ceil(0.95 * n) - 1)];
    }
    int total = samples.size();
    return new WindowStats(total, errors, total == 0 ? 0 : (double) errors / total, p95);
  }

  synchronized void clear() {
    samples.clear();
  }

  private void trim(Instant now) {
    Instant oldest = now.minus(length);
    while (!samples.isEmpty() && samples.peekFirst().at().isBefore(oldest)) {
      samples.removeFirst();
    }
  }
}
