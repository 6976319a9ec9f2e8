package com.companion.inference.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The role-play prompt format. The same template is stored as Jinja in {@code
 * tokenizer_config.json} ({@link #JINJA}), as Hugging Face checkpoints keep it; this class renders
 * it identically without a template engine. A persona goes in the system turn, other speakers are
 * user turns (optionally with a name), the character's own lines are assistant turns.
 *
 * <p>Special tokens come only from the template. {@link #encode} puts each marker in by its id and
 * encodes what callers wrote (contents and names) as plain text, so a user who types {@code
 * <|system|>} gets those characters, never a system turn. {@link #render} is the same text for
 * display and counting.
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

  /**
   * Token ids of the rendered conversation: markers by their ids, everything the caller wrote as
   * plain text ({@link TextTokenizer#encodePlain}). For text without markers the ids equal those of
   * encoding {@link #render}'s output whole, since the tokenizer splits at special tokens anyway.
   */
  public static long[] encode(
      List<Message> messages, boolean addGenerationPrompt, TextTokenizer tokenizer) {
    List<long[]> parts = new ArrayList<>();
    for (Message m : messages) {
      String body = m.content() == null ? "" : m.content();
      switch (m.role()) {
        case "system" -> parts.add(tokenizer.specialId(SYSTEM));
        case "user" -> {
          parts.add(tokenizer.specialId(USER));
          if (m.name() != null && !m.name().isBlank()) {
            body = m.name() + ": " + body;
          }
        }
        default -> parts.add(tokenizer.specialId(CHARACTER));
      }
      parts.add(tokenizer.encodePlain(body));
      parts.add(tokenizer.specialId(END));
      parts.add(tokenizer.encodePlain("\n"));
    }
    if (addGenerationPrompt) {
      parts.add(tokenizer.specialId(CHARACTER));
    }
    int length = parts.stream().mapToInt(p -> p.length).sum();
    long[] ids = new long[length];
    int at = 0;
    for (long[] part : parts) {
      System.arraycopy(part, 0, ids, at, part.length);
      at += part.length;
    }
    return ids;
  }

  /**
   * Cuts text so that no piece contains a special token: right after the {@code <} of every
   * occurrence. Encoded piece by piece, {@code <|system|>} becomes the ordinary characters it
   * spells.
   */
  public static List<String> plainPieces(String text, List<String> specialTokens) {
    List<String> pieces = new ArrayList<>();
    int start = 0;
    for (int i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
      for (String token : specialTokens) {
        if (text.startsWith(token, i)) {
          pieces.add(text.substring(start, i + 1));
          start = i + 1;
          break;
        }
      }
    }
    pieces.add(text.substring(start));
    return pieces;
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
