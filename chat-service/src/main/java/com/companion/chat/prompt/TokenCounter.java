package com.companion.chat.prompt;

/** Counts tokens the way the model will. */
public interface TokenCounter {

  int count(String text);

  /** Whether counts come from the model's own tokenizer rather than an estimate. */
  default boolean exact() {
    return false;
  }
}
