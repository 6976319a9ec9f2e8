package com.companion.contracts.events;

import java.util.List;

/**
 * Data of a {@code character.review_requested} event (topic {@code character.lifecycle}, key = the
 * character id), schema version 1: a character entered review ({@code review_status} pending) and
 * the moderation queue should take it. It travels next to the {@code character.created} / {@code
 * character.updated} event of the same change and carries the card text the reviewers need, so the
 * queue never has to call back into character-service. The envelope's pseudonymous user id is the
 * owner.
 *
 * @param version the version under review (the latest)
 * @param text the card's reviewable text, one labelled section per field ({@code description: …}),
 *     cut at {@link #MAX_TEXT_CHARS}
 * @param truncated whether {@code text} was cut; the full card stays readable in character-service
 */
public record CharacterReviewRequested(
    int schemaVersion,
    String characterId,
    int version,
    String name,
    String text,
    List<String> tags,
    boolean truncated) {

  public static final int SCHEMA_VERSION = 1;
  public static final String TYPE = "character.review_requested";

  /** Keeps one event well under Kafka's default 1 MB message limit, even for CJK text. */
  public static final int MAX_TEXT_CHARS = 64_000;
}
