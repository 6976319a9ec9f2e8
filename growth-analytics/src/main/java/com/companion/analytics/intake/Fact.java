package com.companion.analytics.intake;

/**
 * One parsed, validated platform event, reduced to what the figures need. A flat record rather than
 * one type per event: it travels through repartition topics as JSON, and the processors read the
 * few fields their kind carries.
 *
 * @param eventId the de-duplication id: the CloudEvents id, or for client events the app's own
 *     event id when it sent one (a retried batch repeats it under a new CloudEvents id)
 * @param time event time in epoch milliseconds
 * @param user the pseudonymous user id
 * @param turnKind send, regenerate or edit (turns)
 * @param modelVersion the version that answered (turns) or served (model requests)
 * @param alias the model alias (model requests)
 * @param name the app's event name (client events), or the lifecycle / safety action
 */
public record Fact(
    String eventId,
    FactKind kind,
    String product,
    String user,
    long time,
    String conversationId,
    String messageId,
    String characterId,
    String turnKind,
    String modelVersion,
    String alias,
    Long ttftMs,
    String finishReason,
    String safetyOutcome,
    Integer stars,
    String name) {

  /** Whether the event is something the user did, so it counts towards activity and sessions. */
  public boolean isUserActivity() {
    return user != null
        && switch (kind) {
          case TURN, RATING, CLIENT -> true;
          case CHARACTER -> "liked".equals(name);
          default -> false;
        };
  }

  /**
   * The character's owner, when this event says who it is: {@code character.created}, {@code
   * .updated} and {@code .deleted} are only ever done by the owner (or, for a deletion with the
   * account, in the owner's name), so their {@code userid} is the owner's pseudonym. Likes, reviews
   * and moderators' decisions name someone else.
   */
  public String characterOwner() {
    return kind == FactKind.CHARACTER
            && characterId != null
            && ("created".equals(name) || "updated".equals(name) || "deleted".equals(name))
        ? user
        : null;
  }

  /** Whether the user's own state is to be forgotten: their account was deleted. */
  public boolean forgetsUser() {
    return kind == FactKind.ACCOUNT_DELETED && user != null;
  }

  public boolean isUserMessage() {
    return kind == FactKind.TURN && ("send".equals(turnKind) || "edit".equals(turnKind));
  }
}
