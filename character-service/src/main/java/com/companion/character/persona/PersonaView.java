package com.companion.character.persona;

import java.time.Instant;
import java.util.UUID;

/** A persona: who the user plays in a chat. chat-service reads it by id with the user's token. */
public record PersonaView(
    UUID id,
    String name,
    String description,
    String avatarUrl,
    Instant createdAt,
    Instant updatedAt) {}
