package com.companion.chat.turn;

import com.companion.chat.Caller;
import com.companion.chat.catalog.CharacterCard;
import com.companion.chat.conversation.Conversation;
import com.companion.chat.conversation.Conversation.Participant;
import com.companion.chat.conversation.Message;
import com.companion.chat.prompt.Prompt;
import com.companion.chat.safety.ModerationVerdict;
import com.companion.chat.web.Notice;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A turn being prepared and run. */
final class Turn {
  final TurnService.Kind kind;
  final Conversation conversation;
  final Caller caller;
  final String key;
  final long startedNanos;
  final UUID turnId = UUID.randomUUID();
  final List<Notice> notices = new ArrayList<>();
  boolean leaseHeld;
  UUID parentOfUser;
  String userText;
  String requestedSpeaker;

  /** The safety check of the user's text, started early; null when there is no text. */
  reactor.core.publisher.Mono<ModerationVerdict> inputCheck;

  ModerationVerdict inputVerdict;

  /** How the reply answers a message that signals self-harm. */
  com.companion.chat.safety.SafetyPolicy.Care care =
      com.companion.chat.safety.SafetyPolicy.Care.NONE;

  Message userMessage;
  UUID replyParent;
  List<Message> previousPath = List.of();
  List<Message> path = List.of();
  Participant speaker;
  CharacterCard card;
  Prompt prompt;
  int turnsSinceSummary;

  Turn(
      TurnService.Kind kind,
      Conversation conversation,
      Caller caller,
      String key,
      long startedNanos) {
    this.kind = kind;
    this.conversation = conversation;
    this.caller = caller;
    this.key = key;
    this.startedNanos = startedNanos;
  }

  String userId() {
    return caller.principal().userId();
  }

  boolean minor() {
    return caller.principal().isMinor();
  }
}
