package com.companion.contracts.events;

/**
 * Data of a {@code character.lifecycle} event, schema version 1. Event types: {@code
 * character.created}, {@code character.updated}, {@code character.published}, {@code
 * character.unpublished}, {@code character.rejected}, {@code character.deleted}, {@code
 * character.liked}, {@code character.unliked}.
 *
 * @param version the character version this change produced or concerns
 * @param visibility private, unlisted or public after the change
 * @param reviewStatus none, pending, approved or rejected after the change
 */
public record CharacterLifecycle(
    int schemaVersion,
    String characterId,
    int version,
    String action,
    String visibility,
    String reviewStatus,
    String name) {

  public static final int SCHEMA_VERSION = 1;

  public static String type(String action) {
    return "character." + action;
  }
}
