package com.companion.safety.moderation;

import java.util.List;

/**
 * What someone who signals self-harm is shown instead of a bare block: a caring message, a check-in
 * for the character to say, and where to find help now, in the language they wrote in.
 *
 * @param locale {@code zh} or {@code en}
 * @param message shown beside the chat with the help lines
 * @param checkIn what the character says, out of role, before or instead of its reply
 * @param resources help lines for the product and language
 */
public record SupportiveReply(
    String locale, String message, String checkIn, List<String> resources) {

  public SupportiveReply {
    resources = List.copyOf(resources);
  }

  /** One string, for replacing a stopped stream. */
  public String asText() {
    return message + "\n" + String.join("\n", resources);
  }
}
