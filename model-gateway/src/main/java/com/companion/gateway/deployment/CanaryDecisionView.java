package com.companion.gateway.deployment;

import java.time.Instant;

/** A logged canary decision, as the admin API shows it. */
public record CanaryDecisionView(
    String id,
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
    Double canaryTtftP95Ms,
    Instant decidedAt) {}
