package com.companion.analytics.figure;

import java.util.Map;

/**
 * Time-to-first-token kept as counts per bucket, so percentiles can be summed across days and
 * instances. Bucket bounds grow by 20%, so a percentile read back is at most 20% above the true
 * value (it reports the bucket's upper bound).
 */
public final class TtftHistogram {

  private static final long[] BOUNDS_MS = bounds();
  private static final String PREFIX = "ttft_le_";

  private TtftHistogram() {}

  /** The counter a TTFT of this many milliseconds falls into. */
  public static String field(long ttftMs) {
    for (long bound : BOUNDS_MS) {
      if (ttftMs <= bound) {
        return PREFIX + bound;
      }
    }
    return PREFIX + "inf";
  }

  /** The q-quantile (0..1) in milliseconds from summed counters; null without samples. */
  public static Long quantile(Map<String, Long> fields, double q) {
    long total = fields.getOrDefault(Fields.TTFT_SAMPLES, 0L);
    if (total == 0) {
      return null;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (long bound : BOUNDS_MS) {
      seen += fields.getOrDefault(PREFIX + bound, 0L);
      if (seen >= rank) {
        return bound;
      }
    }
    return BOUNDS_MS[BOUNDS_MS.length - 1];
  }

  private static long[] bounds() {
    // 5 ms .. ~2 min
    long[] bounds = new long[57];
    double bound = 5;
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] = Math.round(bound);
      bound *= 1.2;
    }
    return bounds;
  }
}
