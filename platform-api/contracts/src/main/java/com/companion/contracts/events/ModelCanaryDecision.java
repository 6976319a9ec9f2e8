package com.companion.contracts.events;

/**
 * Data of a model canary decision event, schema version 1, on topic {@link #TOPIC}: a canary was
 * started, promoted, aborted or rolled back automatically. The figures are those of the sliding
 * window the decision was based on (null for manual decisions).
 *
 * @param decision {@code started}, {@code promoted}, {@code aborted} or {@code rolled_back}
 * @param actor {@code auto} for the gateway's own judgement, {@code quality-guard} for a rollback
 *     on growth-analytics' quality verdict (no figures), else the admin's user id
 */
public record ModelCanaryDecision(
    int schemaVersion,
    String decisionId,
    String alias,
    String stableVersion,
    String canaryVersion,
    String decision,
    String reason,
    String actor,
    Integer stableSamples,
    Integer canarySamples,
    Double stableErrorRate,
    Double canaryErrorRate,
    Double stableTtftP95Ms,
    Double canaryTtftP95Ms) {

  public static final int SCHEMA_VERSION = 1;
  public static final String TOPIC = "model.deployment";

  public static String type(String decision) {
    return "model.canary." + decision;
  }
}
