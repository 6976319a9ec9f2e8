package com.companion.chat.catalog;

/** A user's persona: who {@code {{user}}} is in a conversation. */
public record Persona(String id, String name, String description) {}
