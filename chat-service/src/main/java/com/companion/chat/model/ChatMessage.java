package com.companion.chat.model;

/**
 * One message of a prompt in the OpenAI chat format.
 *
 * @param role system, user or assistant (the character who is speaking)
 * @param name who speaks a user turn in a group or with a persona; null otherwise
 */
public record ChatMessage(String role, String content, String name) {

  public static ChatMessage system(String content) {
    return new ChatMessage("system", content, null);
  }

  public static ChatMessage user(String content, String name) {
    return new ChatMessage("user", content, name);
  }

  public static ChatMessage assistant(String content) {
    return new ChatMessage("assistant", content, null);
  }
}
