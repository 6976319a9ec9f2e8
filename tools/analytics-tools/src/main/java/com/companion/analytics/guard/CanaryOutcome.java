package com.companion.analytics.guard;

import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What became of one canary, read from model-gateway's admin API: still running, rolled back (and
 * by whom), or ended otherwise (aborted, promoted).
 *
 * @param actor who decided ({@code quality-guard} for growth-analytics' verdict, {@code auto} for
 *     the gateway's own latency and error judge, else an admin); null while running
 */
public record CanaryOutcome(State state, String actor, String reason, Instant decidedAt) {

  /** The canary's state. */
  public enum State {
    RUNNING,
    ROLLED_BACK,
    ENDED
  }

  public static final String QUALITY_GUARD = "quality-guard";

  static final CanaryOutcome RUNNING = new CanaryOutcome(State.RUNNING, null, null, null);

  /** Rolled back on growth-analytics' quality verdict. */
  public boolean rolledBackByGuard() {
    return state == State.ROLLED_BACK && QUALITY_GUARD.equals(actor);
  }

  /**
   * @param alias {@code GET /v1/admin/models/{alias}}
   * @param decisions {@code GET /v1/admin/models/{alias}/decisions} (newest first)
   * @param canary the canary version the bench started
   */
  public static CanaryOutcome read(JsonNode alias, JsonNode decisions, String canary) {
    JsonNode current = alias.path("canary");
    if (current.isObject() && canary.equals(current.path("version").asString(""))) {
      return RUNNING;
    }
    for (JsonNode decision : decisions.path("items")) {
      if (!canary.equals(decision.path("canary_version").asString(""))
          || "started".equals(decision.path("decision").asString(""))) {
        continue;
      }
      State state =
          "rolled_back".equals(decision.path("decision").asString(""))
              ? State.ROLLED_BACK
              : State.ENDED;
      return new CanaryOutcome(
          state,
          decision.path("actor").asString(null),
          decision.path("decision").asString("") + ": " + decision.path("reason").asString(""),
          instant(decision.path("decided_at")));
    }
    return new CanaryOutcome(State.ENDED, null, "no longer the canary, no decision logged", null);
  }

  /**
   * The quality guard's verdict on the canary, as growth-analytics shows it.
   *
   * @param decision {@code continue}, {@code roll_back} or {@code keep}
   * @param canaryTurns the canary's turns in the figures the verdict is shown with
   */
  public record Verdict(String decision, String reason, Instant decidedAt, long canaryTurns) {

    public boolean decided() {
      return !"continue".equals(decision);
    }

    /**
     * @param quality {@code GET /v1/analytics/models/{alias}/quality}
     * @return the verdict when it names this canary
     */
    public static Optional<Verdict> read(JsonNode quality, String canary) {
      JsonNode verdict = quality.path("verdict");
      if (!verdict.isObject() || !canary.equals(verdict.path("canary_version").asString(""))) {
        return Optional.empty();
      }
      return Optional.of(
          new Verdict(
              verdict.path("decision").asString("continue"),
              verdict.path("reason").asString(""),
              instant(verdict.path("decided_at")),
              turns(quality, canary)));
    }
  }

  /** The version's turns in {@code GET /v1/analytics/models/{alias}/quality}; 0 when absent. */
  public static long turns(JsonNode quality, String version) {
    for (JsonNode v : quality.path("versions")) {
      if (version.equals(v.path("version").asString(""))) {
        return v.path("turns").asLong(0);
      }
    }
    return 0;
  }

  private static Instant instant(JsonNode node) {
    if (node.isString()) {
      return Instant.parse(node.asString());
    }
    // a date written as seconds since the epoch, with the fraction after the point
    return node.isNumber() ? Instant.ofEpochMilli(Math.round(node.asDouble() * 1000)) : null;
  }
}
