package com.companion.analytics.figure;

import java.util.LinkedHashMap;
import java.util.Map;

/** Changes to some counters of one figure; negative when a late event corrects an earlier one. */
public record Delta(Map<String, Long> fields) {

  public Delta {
    fields = Map.copyOf(fields);
  }

  public static Delta of(String field, long amount) {
    return new Delta(Map.of(field, amount));
  }

  public static Delta of(String field, long amount, String other, long otherAmount) {
    Map<String, Long> fields = new LinkedHashMap<>();
    fields.put(field, amount);
    fields.merge(other, otherAmount, Long::sum);
    return new Delta(fields);
  }

  public boolean isEmpty() {
    return fields.values().stream().allMatch(value -> value == 0);
  }
}
