package com.companion.chat.prompt;

import com.companion.chat.model.ChatMessage;
import java.util.regex.Pattern;

/**
 * The model's role-play chat template, which the inference node applies to the messages it is sent:
 * {@code <|system|>…<|end|>}, {@code <|user|>Name: …<|end|>}, {@code <|character|>…<|end|>}, each
 * followed by a newline, and a final {@code <|character|>} that asks for the reply. Prompt budgets
 * are counted on exactly this text. The role markers are special tokens, so the count of a whole
 * prompt is the sum of its messages' counts.
 *
 * <p>Role markers come only from this template. Text from users, cards, personas and names that
 * spells one ({@code <|system|>}, {@code <|end|>}, or any {@code <|word|>} another checkpoint may
 * use) is defused before it is placed, by a space after the {@code <}: a reader sees the same text,
 * the tokenizer sees ordinary characters, and nobody can forge a system turn. The inference node
 * keeps such text out of its special tokens as well; this is the first of the two fences.
 */
public final class PromptFormat {

  public static final String GENERATION_PROMPT = "<|character|>";

  /**
   * Anything shaped like a special token: {@code <|} a short run without bars or brackets {@code
   * |>}.
   */
  private static final Pattern MARKER = Pattern.compile("<(?=\\|[^|<>\\s]{1,64}\\|>)");

  private PromptFormat() {}

  /**
   * The text with every marker-shaped run defused ({@code <|system|>} becomes {@code < |system|>}).
   */
  public static String defuse(String text) {
    if (text == null || text.indexOf("<|") < 0) {
      return text;
    }
    return MARKER.matcher(text).replaceAll("< ");
  }

  /** The message with its content and speaker name defused. */
  public static ChatMessage defuse(ChatMessage message) {
    String content = defuse(message.content());
    String name = defuse(message.name());
    if (content == message.content() && name == message.name()) {
      return message;
    }
    return new ChatMessage(message.role(), content, name);
  }

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
