package com.companion.inference.model;

import java.util.List;

/**
 * The role-play prompt format. The same template is stored as Jinja in {@code
 * tokenizer_config.json} ({@link #JINJA}), as Hugging Face checkpoints keep it; this class renders
 * it identically without a template engine. A persona goes in the system turn, other speakers are
 * user turns (optionally with a name), the character's own lines are assistant turns.
 */
public final class ChatTemplate {

  public static final String SYSTEM = "<|system|>";
  public static final String USER = "<|user|>";
  public static final String CHARACTER = "<|character|>";
  public static final String END = "<|end|>";
  public static final String EOS = "<|endoftext|>";

  /** Special tokens in id order; ids 0..4 of every tokenizer trained here. */
  public static final List<String> SPECIAL_TOKENS = List.of(EOS, SYSTEM, USER, CHARACTER, END);

  public static final String JINJA =
      "{% for message in messages %}"
          + "{% if message['role'] == 'system' %}<|system|>{{ message['content'] }}<|end|>\n"
          + "{% elif message['role'] == 'user' %}<|user|>{% if message['name'] %}"
          + "{{ message['name'] }}: {% endif %}{{ message['content'] }}<|end|>\n"
          + "{% else %}<|character|>{{ message['content'] }}<|end|>\n"
          + "{% endif %}{% endfor %}"
          + "{% if add_generation_prompt %}<|character|>{% endif %}";

  /** One chat turn; {@code role} is system, user or assistant (the character). */
  public record Message(String role, String content, String name) {}

  private ChatTemplate() {}

  public static String render(List<Message> messages, boolean addGenerationPrompt) {
    StringBuilder sb = new StringBuilder();
    for (Message m : messages) {
      sb.append(turn(m.role(), m.content(), m.name()));
    }
    if (addGenerationPrompt) {
      sb.append(CHARACTER);
    }
    return sb.toString();
  }

  public static String turn(String role, String content, String name) {
    String body = content == null ? "" : content;
    return switch (role) {
      case "system" -> SYSTEM + body + END + "\n";
      case "user" -> USER + (name == null || name.isBlank() ? "" : name + ": ") + body + END + "\n";
      default -> CHARACTER + body + END + "\n";
    };
  }
}
