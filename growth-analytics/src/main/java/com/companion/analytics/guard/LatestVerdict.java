package com.companion.analytics.guard;

import java.time.Instant;

/** The quality guard's latest verdict on an alias's canary, as the API answers it. */
public record LatestVerdict(
    String stableVersion,
    String canaryVersion,
    String decision,
    String reason,
    Instant decidedAt) {}
