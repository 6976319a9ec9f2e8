package com.companion.chat.model;

/** A whole (not streamed) completion. */
public record ModelReply(String text, String finishReason, TokenUsage usage, String model) {}
