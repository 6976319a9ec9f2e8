package com.companion.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * Data of a {@code safety.decision} event, schema version 1, keyed by the target id. Event types:
 * {@code safety.dismissed}, {@code safety.message_removed}, {@code safety.character_approved},
 * {@code safety.character_rejected}, {@code safety.character_unpublished}, {@code
 * safety.user_warned}, {@code safety.user_suspended}. Services that own the target enforce it:
 * chat-service hides a removed message, character-service applies the review outcome, the edge
 * refuses a suspended user until {@code suspendedUntil}. The envelope's pseudonymous user id is the
 * user the decision is about (the author or the creator).
 *
 * @param itemId the moderation queue item decided
 * @param targetType message, character or user
 * @param decision dismiss, remove_message, approve_character, reject_character,
 *     unpublish_character, warn or suspend
 * @param strikes the subject's strike count after this decision
 * @param suspendedUntil end of a suspension, when the decision (or an escalation) suspended
 */
public record SafetyDecision(
    int schemaVersion,
    String itemId,
    String targetType,
    String targetId,
    String decision,
    List<String> categories,
    int severity,
    String reason,
    int strikes,
    Instant suspendedUntil) {

  public static final int SCHEMA_VERSION = 1;

  public static String type(String decision) {
    return "safety."
        + switch (decision) {
          case "dismiss" -> "dismissed";
          case "remove_message" -> "message_removed";
          case "approve_character" -> "character_approved";
          case "reject_character" -> "character_rejected";
          case "unpublish_character" -> "character_unpublished";
          case "warn" -> "user_warned";
          case "suspend" -> "user_suspended";
          default -> decision;
        };
  }
}
