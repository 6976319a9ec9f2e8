package com.companion.inference.engine;

/** The end of a generation: why, and how many tokens went in and came out. */
public record Completion(
    FinishReason finishReason, int promptTokens, int completionTokens, String error) {}
