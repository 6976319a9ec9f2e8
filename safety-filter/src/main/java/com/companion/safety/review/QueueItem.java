package com.companion.safety.review;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One item of the moderation queue as moderators see it, with its context (preceding turns, the
 * character, the text) and the subject's strike count.
 */
public record QueueItem(
    String id,
    String targetType,
    String targetId,
    String product,
    String subjectUserId,
    boolean involvesMinor,
    String source,
    List<String> categories,
    int severity,
    int priority,
    String content,
    JsonNode context,
    String status,
    String claimedBy,
    Instant claimedAt,
    String decision,
    String decisionReason,
    String decidedBy,
    Instant decidedAt,
    Instant createdAt,
    int reportCount,
    int subjectStrikes) {}
