package com.companion.chat.prompt;

import com.companion.chat.model.ChatMessage;

/**
 * The model's role-play chat template, which the inference node applies to the messages it is sent:
 * {@code <|system|>…<|end|>}, {@code <|user|>Name: …<|end|>}, {@code <|character|>…<|end|>}, each
 * followed by a newline, and a final {@code <|character|>} that asks for the reply. Prompt budgets
 * are counted on exactly this text. The role markers are special tokens, so the count of a whole
 * prompt is the sum of its messages' counts.
 */
public final class PromptFormat {

  public static final String GENERATION_PROMPT = "<|character|>";

  private PromptFormat() {}

  public static String render(ChatMessage message) {
    String body = message.content() == null ? "" : message.content();
    return switch (message.role()) {
      case "system" -> "<|system|>" + body + "<|end|>\n";
      case "user" ->
          "<|user|>"
              + (message.name() == null || message.name().isBlank() ? "" : message.name() + ": ")
              + body
              + "<|end|>\n";
      default -> "<|character|>" + body + "<|end|>\n";
    };
  }
}
