package com.companion.safety.review;

import java.util.Collection;

/**
 * Severity (1-5) from the categories, and the queue priority: severity first, then anything that
 * involves a minor, and sexual content involving minors above all.
 */
public final class Severity {

  private Severity() {}

  public static int of(Collection<String> categories) {
    int s = 1;
    for (String c : categories) {
      s =
          Math.max(
              s,
              switch (c) {
                case "sexual/minors" -> 5;
                case "self-harm/intent",
                    "self-harm/instructions",
                    "harassment/threatening",
                    "hate/threatening",
                    "violence/graphic" ->
                    4;
                case "sexual", "hate", "illicit", "self-harm" -> 3;
                case "harassment", "violence" -> 2;
                default -> 1;
              });
    }
    return s;
  }

  public static int priority(int severity, boolean involvesMinor, Collection<String> categories) {
    int p = severity * 10;
    if (involvesMinor) {
      p += 100;
    }
    if (categories.contains("sexual/minors")) {
      p += 200;
    }
    return p;
  }
}
