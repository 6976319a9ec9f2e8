package com.companion.chat.turn;

import com.companion.chat.conversation.MessageView;
import com.companion.chat.web.Notice;

/** What a turn streams; each kind is one SSE event name. */
public sealed interface TurnEvent {

  /** The SSE event name. */
  String name();

  /** A stored message: the user's (first) and the reply (at the end). */
  record MessageEvent(MessageView message) implements TurnEvent {
    @Override
    public String name() {
      return "message";
    }
  }

  /**
   * Who answers, before the reply's first text: sent in group conversations only, where the service
   * may have picked the speaker (a single chat's speaker is its one character).
   */
  record SpeakerEvent(String speakerId, String speakerName) implements TurnEvent {
    @Override
    public String name() {
      return "speaker";
    }
  }

  /** New reply text, already checked by moderation. */
  record Delta(String text) implements TurnEvent {
    @Override
    public String name() {
      return "delta";
    }
  }

  record NoticeEvent(Notice notice) implements TurnEvent {
    @Override
    public String name() {
      return "notice";
    }
  }

  /**
   * The turn failed.
   *
   * @param type the problem type URI
   */
  record ErrorEvent(String type, String detail) implements TurnEvent {
    @Override
    public String name() {
      return "error";
    }
  }

  /** The last event of a turn. */
  record Done(String finishReason, Usage usage) implements TurnEvent {
    @Override
    public String name() {
      return "done";
    }
  }

  record Usage(int promptTokens, int completionTokens, int totalTokens) {}
}
