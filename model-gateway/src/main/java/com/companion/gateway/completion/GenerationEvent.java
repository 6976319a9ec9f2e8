package com.companion.gateway.completion;

/** What a node streams back: tokens, then one {@link Done}. */
public sealed interface GenerationEvent {

  record Token(String text) implements GenerationEvent {}

  record Done(String finishReason, int promptTokens, int completionTokens)
      implements GenerationEvent {}
}
