package com.companion.chat.web;

/**
 * Something the app shows beside the chat.
 *
 * @param kind {@code ai_disclosure}, {@code rest_reminder}, {@code reply_moderated} or {@code
 *     input_blocked}
 */
public record Notice(String kind, String text) {

  public static final String AI_DISCLOSURE = "ai_disclosure";
  public static final String REST_REMINDER = "rest_reminder";
  public static final String REPLY_MODERATED = "reply_moderated";
  public static final String INPUT_BLOCKED = "input_blocked";
}
