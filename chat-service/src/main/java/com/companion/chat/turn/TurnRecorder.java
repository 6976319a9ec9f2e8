package com.companion.chat.turn;

import com.companion.chat.conversation.Conversation;
import com.companion.chat.conversation.Conversation.Participant;
import com.companion.chat.conversation.HistoryCache;
import com.companion.chat.conversation.Message;
import com.companion.chat.conversation.internal.ConversationStore;
import com.companion.chat.model.TokenUsage;
import com.companion.chat.prompt.ModelTokenizer;
import com.companion.chat.safety.ModerationVerdict;
import com.companion.chat.safety.SafetyPolicy;
import com.companion.chat.turn.internal.IdempotencyStore;
import com.companion.chat.web.MessageView;
import com.companion.contracts.events.ChatEvents;
import com.companion.contracts.events.Topics;
import com.companion.platform.outbox.Outbox;
import com.companion.platform.web.Blocking;
import com.companion.platform.web.PlatformProblem;
import java.time.Clock;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a turn leaves in the database: the reply with its usage, the {@code usage.chat-turn} event,
 * the idempotency outcome and the released lease, all in one transaction; or, for a turn that
 * produced nothing, the removal of what it had written.
 */
final class TurnRecorder {

  private final ConversationStore store;
  private final HistoryCache history;
  private final IdempotencyStore keys;
  private final ModelTokenizer tokenizer;
  private final TransactionTemplate transactions;
  private final Outbox outbox;
  private final Clock clock;
  private final JsonMapper json;

  TurnRecorder(
      ConversationStore store,
      HistoryCache history,
      IdempotencyStore keys,
      ModelTokenizer tokenizer,
      TransactionTemplate transactions,
      Outbox outbox,
      Clock clock,
      JsonMapper json) {
    this.store = store;
    this.history = history;
    this.keys = keys;
    this.tokenizer = tokenizer;
    this.transactions = transactions;
    this.outbox = outbox;
    this.clock = clock;
    this.json = json;
  }

  TurnOutcome store(Turn turn, Reply reply, String finishReason) {
    String content = reply.shown.toString();
    TokenUsage usage =
        reply.usage != null
            ? reply.usage
            : new TokenUsage(
                turn.prompt.tokens(),
                tokenizer
                    .counter()
                    .count(reply.blockedOriginal != null ? reply.blockedOriginal : content));
    Integer ttft =
        reply.firstTextNanos == 0
            ? null
            : (int) ((reply.firstTextNanos - turn.startedNanos) / 1_000_000);
    String safetyOutcome = outcome(turn, reply);
    UUID replyId = UUID.randomUUID();
    Message parent = message(turn.conversation, turn.replyParent);
    return transactions.execute(
        status -> {
          store.insertMessage(
              new Message(
                  replyId,
                  turn.conversation.id(),
                  turn.replyParent,
                  parent.depth() + 1,
                  Message.ASSISTANT,
                  turn.speaker.characterId(),
                  content,
                  finishReason,
                  safetyOutcome,
                  reply.model,
                  usage.promptTokens(),
                  usage.completionTokens(),
                  ttft,
                  clock.instant(),
                  0,
                  1,
                  null));
          if (reply.blockedOriginal != null) {
            store.keepModeratedOriginal(replyId, reply.blockedOriginal);
          }
          store.setHead(turn.conversation.id(), replyId, clock.instant());
          usageEvent(turn, replyId, finishReason, safetyOutcome, usage, ttft, reply.model);
          Message stored = store.message(turn.conversation.id(), replyId).orElseThrow();
          TurnOutcome outcome =
              new TurnOutcome(
                  turn.userMessage == null ? null : MessageView.of(turn.userMessage),
                  MessageView.of(stored),
                  turn.notices,
                  finishReason,
                  new TurnEvent.Usage(
                      usage.promptTokens(), usage.completionTokens(), usage.totalTokens()));
          if (turn.key != null) {
            keys.complete(turn.userId(), turn.key, json.writeValueAsString(outcome));
          }
          store.releaseTurn(turn.conversation.id(), turn.turnId);
          turn.leaseHeld = false;
          turn.turnsSinceSummary = store.countTurn(turn.conversation.id());
          return outcome;
        });
  }

  static Message stored(Turn turn, MessageView view) {
    return new Message(
        view.id(),
        view.conversationId(),
        view.parentId(),
        turn.path.isEmpty() ? 0 : turn.path.getLast().depth() + 1,
        view.role(),
        view.speakerId(),
        view.content(),
        view.finishReason(),
        null,
        null,
        null,
        null,
        null,
        view.createdAt(),
        view.alternative(),
        view.alternativeCount(),
        view.rating());
  }

  String outcome(Turn turn, Reply reply) {
    if (reply.blockedOriginal != null) {
      return "blocked";
    }
    if (turn.care != SafetyPolicy.Care.NONE) {
      return "support";
    }
    ModerationVerdict verdict = reply.verdict != null ? reply.verdict : turn.inputVerdict;
    if (verdict == null) {
      return "unchecked";
    }
    boolean flagged =
        turn.inputVerdict != null
            && turn.inputVerdict.action() == ModerationVerdict.Action.FLAG_FOR_REVIEW;
    return flagged ? "flagged" : SafetyPolicy.outcome(verdict, false);
  }

  void usageEvent(
      Turn turn,
      UUID messageId,
      String finishReason,
      String safetyOutcome,
      TokenUsage usage,
      Integer ttftMs,
      String modelVersion) {
    long totalMs = (System.nanoTime() - turn.startedNanos) / 1_000_000;
    Participant speaker = turn.speaker;
    outbox.append(
        Topics.CHAT_TURN,
        turn.conversation.id().toString(),
        ChatEvents.TURN_COMPLETED,
        "conversations/" + turn.conversation.id(),
        turn.caller.principal().product(),
        turn.userId(),
        new ChatEvents.TurnCompleted(
            ChatEvents.SCHEMA_VERSION,
            turn.conversation.id().toString(),
            messageId == null ? null : messageId.toString(),
            speaker == null
                ? turn.conversation.participants().getFirst().characterId()
                : speaker.characterId(),
            speaker == null
                ? turn.conversation.participants().getFirst().version()
                : speaker.version(),
            turn.kind.name().toLowerCase(java.util.Locale.ROOT),
            modelVersion,
            usage.promptTokens(),
            usage.completionTokens(),
            ttftMs == null ? null : ttftMs.longValue(),
            totalMs,
            finishReason,
            safetyOutcome,
            turn.minor()));
  }

  /** Removes what a turn that produced nothing left behind, and frees the conversation and key. */
  Mono<Void> undo(Turn turn) {
    return Blocking.run(
            () -> {
              transactions.executeWithoutResult(
                  status -> {
                    if (turn.userMessage != null) {
                      store.setHead(
                          turn.conversation.id(),
                          turn.conversation.headMessageId(),
                          clock.instant());
                      store.deleteDescendants(turn.userMessage.id());
                      store.deleteMessage(turn.userMessage.id());
                      turn.userMessage = null;
                    }
                    if (turn.leaseHeld) {
                      store.releaseTurn(turn.conversation.id(), turn.turnId);
                      turn.leaseHeld = false;
                    }
                    if (turn.key != null) {
                      keys.forget(turn.userId(), turn.key);
                    }
                  });
            })
        .then(history.invalidate(turn.conversation.id()));
  }

  Mono<Void> forgetKey(Turn turn) {
    return turn.key == null
        ? Mono.empty()
        : Blocking.run(() -> keys.forget(turn.userId(), turn.key));
  }

  private Message message(Conversation c, UUID messageId) {
    return store
        .message(c.id(), messageId)
        .orElseThrow(() -> PlatformProblem.notFound("message " + messageId + " was not found"));
  }
}
