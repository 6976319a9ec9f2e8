package com.companion.chat.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Something the app shows beside the chat.
 *
 * @param kind {@code ai_disclosure}, {@code rest_reminder}, {@code reply_moderated}, {@code
 *     input_blocked} or {@code support}
 * @param resources help lines, with {@code support} only
 */
public record Notice(
    String kind, String text, @JsonInclude(JsonInclude.Include.NON_NULL) List<String> resources) {

  public static final String AI_DISCLOSURE = "ai_disclosure";
  public static final String REST_REMINDER = "rest_reminder";
  public static final String REPLY_MODERATED = "reply_moderated";
  public static final String INPUT_BLOCKED = "input_blocked";

  /** Someone signalled self-harm: a caring text and where to find help. */
  public static final String SUPPORT = "support";

  public Notice(String kind, String text) {
    this(kind, text, null);
  }

  public static Notice support(String text, List<String> resources) {
    return new Notice(SUPPORT, text, List.copyOf(resources));
  }
}
