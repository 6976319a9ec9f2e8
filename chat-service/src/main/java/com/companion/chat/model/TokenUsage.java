package com.companion.chat.model;

/** Tokens one completion read and wrote. */
public record TokenUsage(int promptTokens, int completionTokens) {

  public static final TokenUsage NONE = new TokenUsage(0, 0);

  public int totalTokens() {
    return promptTokens + completionTokens;
  }
}
