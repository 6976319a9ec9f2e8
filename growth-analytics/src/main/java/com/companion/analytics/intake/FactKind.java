package com.companion.analytics.intake;

/** What a {@link Fact} records. */
public enum FactKind {
  /** {@code chat.turn.completed}: one reply generated (or refused). */
  TURN,
  /** {@code chat.reply.rated}: stars for one reply. */
  RATING,
  /** {@code client.event}: an app's own tracking event. */
  CLIENT,
  /** {@code character.*} on {@code character.lifecycle}. */
  CHARACTER,
  /** {@code safety.*}: a moderator's decision. */
  SAFETY,
  /** {@code model.request.completed}: one request the model gateway served. */
  MODEL_REQUEST,
  /**
   * {@code account.deleted} on {@code account.lifecycle}: what is kept per user (by pseudonym) is
   * forgotten; the figures it already counted in stay, as they name nobody.
   */
  ACCOUNT_DELETED
}
