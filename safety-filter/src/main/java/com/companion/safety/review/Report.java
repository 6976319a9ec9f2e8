package com.companion.safety.review;

import java.time.Instant;

/** A user's report as the reporter sees it; {@code outcome} is set once a moderator decided. */
public record Report(
    String id,
    String targetType,
    String targetId,
    String reason,
    String status,
    String outcome,
    Instant createdAt,
    Instant resolvedAt) {}
