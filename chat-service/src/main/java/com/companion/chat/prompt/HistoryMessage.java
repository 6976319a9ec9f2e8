package com.companion.chat.prompt;

/**
 * One message of the conversation as prompt assembly sees it.
 *
 * @param role user or assistant
 * @param speakerId the character who wrote an assistant message; null for the user
 * @param speakerName that character's name
 */
public record HistoryMessage(String role, String speakerId, String speakerName, String content) {

  public static HistoryMessage user(String content) {
    return new HistoryMessage("user", null, null, content);
  }

  public static HistoryMessage character(String speakerId, String speakerName, String content) {
    return new HistoryMessage("assistant", speakerId, speakerName, content);
  }
}
