package com.companion.character.character;

import java.time.Instant;

/**
 * A version in a character's history list ({@code GET /v1/characters/{id}/versions}): which one and
 * when it was written. The card itself is {@code GET /v1/characters/{id}/versions/{version}}.
 */
public record CharacterVersionEntry(int version, Instant createdAt) {}
