package com.companion.safety.review;

import java.util.Arrays;
import java.util.Set;

/** What a moderator can decide, and what it applies to. */
public enum Decision {
  DISMISS("dismiss", Set.of("message", "character", "user"), false, "no_violation"),
  REMOVE_MESSAGE("remove_message", Set.of("message"), true, "content_removed"),
  APPROVE_CHARACTER("approve_character", Set.of("character"), false, "approved"),
  REJECT_CHARACTER("reject_character", Set.of("character"), true, "character_rejected"),
  UNPUBLISH_CHARACTER("unpublish_character", Set.of("character"), true, "character_removed"),
  WARN("warn", Set.of("message", "character", "user"), true, "user_warned"),
  SUSPEND("suspend", Set.of("message", "character", "user"), true, "user_suspended");

  private final String wireName;
  private final Set<String> targets;
  private final boolean strike;
  private final String outcome;

  Decision(String wireName, Set<String> targets, boolean strike, String outcome) {
    this.wireName = wireName;
    this.targets = targets;
    this.strike = strike;
    this.outcome = outcome;
  }

  public String wireName() {
    return wireName;
  }

  public boolean appliesTo(String targetType) {
    return targets.contains(targetType);
  }

  /** Whether the subject gets a strike. */
  public boolean strikes() {
    return strike;
  }

  /** What the reporters are told. */
  public String outcome() {
    return outcome;
  }

  public static Decision fromWire(String s) {
    return Arrays.stream(values())
        .filter(d -> d.wireName.equals(s))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown decision: " + s));
  }
}
