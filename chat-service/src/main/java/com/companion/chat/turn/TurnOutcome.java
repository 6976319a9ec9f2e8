package com.companion.chat.turn;

import com.companion.chat.conversation.MessageView;
import com.companion.chat.web.Notice;
import java.util.ArrayList;
import java.util.List;

/**
 * A finished turn: the one-JSON answer, and what a retried send with the same {@code
 * Idempotency-Key} gets back.
 *
 * @param userMessage the message the user sent; null for a regenerated reply
 * @param reply the stored reply (its finish_reason says whether it was cancelled or moderated)
 */
public record TurnOutcome(
    MessageView userMessage,
    MessageView reply,
    List<Notice> notices,
    String finishReason,
    TurnEvent.Usage usage) {

  public TurnOutcome {
    notices = notices == null ? List.of() : List.copyOf(notices);
  }

  /** The same outcome as a stream, for a replay to a client that asked for SSE. */
  public List<TurnEvent> events() {
    List<TurnEvent> events = new ArrayList<>();
    if (userMessage != null) {
      events.add(new TurnEvent.MessageEvent(userMessage));
    }
    notices.forEach(notice -> events.add(new TurnEvent.NoticeEvent(notice)));
    if (reply != null) {
      if (reply.content() != null && !reply.content().isEmpty()) {
        events.add(new TurnEvent.Delta(reply.content()));
      }
      events.add(new TurnEvent.MessageEvent(reply));
    }
    events.add(new TurnEvent.Done(finishReason, usage));
    return events;
  }

  /** Collects a streamed turn into one answer. */
  public static TurnOutcome of(List<TurnEvent> events) {
    MessageView user = null;
    MessageView reply = null;
    List<Notice> notices = new ArrayList<>();
    String finish = null;
    TurnEvent.Usage usage = null;
    for (TurnEvent event : events) {
      switch (event) {
        case TurnEvent.MessageEvent m -> {
          if ("user".equals(m.message().role())) {
            user = m.message();
          } else {
            reply = m.message();
          }
        }
        case TurnEvent.NoticeEvent n -> notices.add(n.notice());
        case TurnEvent.Done d -> {
          finish = d.finishReason();
          usage = d.usage();
        }
        default -> {}
      }
    }
    return new TurnOutcome(user, reply, notices, finish, usage);
  }
}
