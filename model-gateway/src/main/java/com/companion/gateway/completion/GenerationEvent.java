package com.companion.gateway.completion;

/** What a node streams back: tokens, then one {@link Done}. */
public sealed interface GenerationEvent {

  /**
   * Text of one or more tokens. Tokens that reached the gateway together (already waiting in one
   * network read) travel as one, so each hop writes and flushes once for them; tokens that arrive
   * one by one stay one by one.
   *
   * @param count how many tokens the text is made of
   */
  record Token(String text, int count) implements GenerationEvent {

    public Token(String text) {
      this(text, 1);
    }
  }

  record Done(String finishReason, int promptTokens, int completionTokens)
      implements GenerationEvent {}
}
