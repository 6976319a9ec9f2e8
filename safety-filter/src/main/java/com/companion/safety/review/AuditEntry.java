package com.companion.safety.review;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** One line of the append-only audit log: who did what to which target, when and why. */
public record AuditEntry(
    long id,
    String actor,
    String action,
    String targetType,
    String targetId,
    String reason,
    JsonNode detail,
    Instant at) {}
