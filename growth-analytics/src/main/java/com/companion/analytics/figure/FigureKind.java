package com.companion.analytics.figure;

import java.util.Arrays;

/** The families of figures; each names the counters it keeps in {@link Fields}. */
public enum FigureKind {
  /** Per product and day: activity, messages, conversations, sessions, safety outcomes. */
  DAILY("daily"),
  /** Per product and first-seen day: cohort size and who came back on day 1, 7 and 30. */
  COHORT("cohort"),
  /** Per product and day of the first character impression: users reaching each step. */
  FUNNEL("funnel"),
  /** Per product, day and character: chats, messages, likes, new chatters and their D7. */
  CHARACTER("character"),
  /**
   * Per product, day and creator (the owner's pseudonym): their characters' chats, messages and
   * likes, characters chatted with, distinct chatters, new chatters and their D7.
   */
  CREATOR("creator"),
  /** Per day and model version (all products): turns, ratings, regenerates, abandonment, TTFT. */
  MODEL("model"),
  /** Per day, alias and version: requests the gateway served, so versions map to aliases. */
  MODEL_ALIAS("model_alias"),
  /** Per day and reason: events sent to the dead-letter topic. */
  DEAD_LETTER("dead_letter");

  private final String id;

  FigureKind(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static FigureKind fromId(String id) {
    return Arrays.stream(values())
        .filter(kind -> kind.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown figure kind: " + id));
  }
}
