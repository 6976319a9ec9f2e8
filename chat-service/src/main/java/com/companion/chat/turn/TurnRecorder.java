package com.companion.chat.turn;

import com.companion.chat.conversation.Conversation;
import com.companion.chat.conversation.Conversation.Participant;
import com.companion.chat.conversation.Conversations;
import com.companion.chat.conversation.Message;
import com.companion.chat.conversation.MessageView;
import com.companion.chat.memory.RollingSummarizer;
import com.companion.chat.model.TokenUsage;
import com.companion.chat.prompt.TokenCounter;
import com.companion.chat.safety.ModerationVerdict;
import com.companion.chat.safety.SafetyPolicy;
import com.companion.contracts.events.ChatEvents;
import com.companion.contracts.events.Topics;
import com.companion.platform.outbox.Outbox;
import com.companion.platform.web.Blocking;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a turn leaves in the database (the user message is stored with the claim, {@link
 * TurnClaim}): the reply with its usage, the {@code usage.chat-turn} event, the idempotency outcome
 * and the released lease, all in one transaction; or, for a turn that produced nothing, the removal
 * of what it had written.
 *
 * <p>An account's erasure deletes the user's conversations, and every write here serialises with it
 * on the conversation's row: a message or key references it (the insert fails once it is gone, or
 * the erasure's cascade removes it), and a usage event written alone first holds the row ({@link
 * Conversations#holdIfPresent}). So a turn racing the erasure leaves no row behind.
 */
final class TurnRecorder {

  private static final Logger log = LoggerFactory.getLogger(TurnRecorder.class);

  private final Conversations conversations;
  private final TurnClaim claims;
  private final RollingSummarizer summarizer;
  private final TokenCounter counter;
  private final TransactionTemplate transactions;
  private final Outbox outbox;
  private final Clock clock;
  // a turn's first words, from its arrival (its wait in line included): where the time to the
  // first token goes between chat-service's start, the model behind the gateway and the release
  private final Timer firstModelText;
  private final Timer firstTextShown;

  TurnRecorder(
      Conversations conversations,
      TurnClaim claims,
      RollingSummarizer summarizer,
      TokenCounter counter,
      TransactionTemplate transactions,
      Outbox outbox,
      Clock clock,
      MeterRegistry meters) {
    this.conversations = conversations;
    this.claims = claims;
    this.summarizer = summarizer;
    this.counter = counter;
    this.transactions = transactions;
    this.outbox = outbox;
    this.clock = clock;
    this.firstModelText =
        Timer.builder("chat.turn.first-model-text")
            .description("from a turn's arrival to the first text of the model's stream")
            .register(meters);
    this.firstTextShown =
        Timer.builder("chat.turn.first-text")
            .description("from a turn's arrival to its first text released to the client")
            .register(meters);
  }

  /**
   * The user's text as the message to store (by {@link TurnClaim}, with the key and the lease). The
   * parent is the head or an edited message's parent, both read from this conversation already.
   */
  Message userMessage(Ticket ticket, Target target, Screening input) {
    return new Message(
        UUID.randomUUID(),
        ticket.conversation().id(),
        target.parentOfUser(),
        0,
        Message.USER,
        null,
        target.userText(),
        null,
        SafetyPolicy.outcome(input.verdict(), false),
        null,
        null,
        null,
        null,
        clock.instant(),
        0,
        1,
        null);
  }

  /** The usage event of a turn whose text the input check refused. */
  Mono<Void> inputBlocked(Ticket ticket) {
    return Blocking.run(
        () ->
            transactions.executeWithoutResult(
                status -> {
                  if (conversations.holdIfPresent(ticket.conversation().id())) {
                    usageEvent(
                        ticket,
                        null,
                        null,
                        "input_blocked",
                        "blocked",
                        TokenUsage.NONE,
                        null,
                        null);
                  }
                }));
  }

  /**
   * Stores the reply, once, however the turn ended; answers the closing events ({@code message},
   * {@code done}), or nothing when the reply was settled already.
   */
  Mono<List<TurnEvent>> finish(Turn turn, Reply reply, String finishReason) {
    if (!reply.settle()) {
      return Mono.empty();
    }
    Conversation c = turn.ticket().conversation();
    return Blocking.call(() -> store(turn, reply.finished(), finishReason))
        .flatMap(
            stored -> {
              Message cached = cached(turn, stored.outcome().reply());
              return conversations
                  .appended(
                      c.id(),
                      turn.userMessage() == null ? turn.path() : turn.previousPath(),
                      turn.userMessage() == null
                          ? List.of(cached)
                          : List.of(turn.userMessage(), cached))
                  .thenReturn(stored);
            })
        .map(
            stored -> {
              if (summarizer.due(stored.turnsSinceSummary())) {
                summarizer.summarizeLater(c, stored.outcome().reply().id(), turn.ticket().caller());
              }
              return List.<TurnEvent>of(
                  new TurnEvent.MessageEvent(stored.outcome().reply()),
                  new TurnEvent.Done(stored.outcome().finishReason(), stored.outcome().usage()));
            });
  }

  /**
   * A failed reply: when nothing reached the user, nothing stays behind, so a retry starts afresh;
   * otherwise the partial reply is stored with {@code error} after an {@code error} event.
   */
  Flux<TurnEvent> failed(Turn turn, Reply reply, Throwable error) {
    if (reply.settled()) {
      return Flux.error(error);
    }
    if (reply.shown.isEmpty()) {
      if (!reply.settle()) {
        return Flux.error(error);
      }
      return undo(turn.ticket(), turn.userMessage())
          .then(
              Blocking.run(
                  () -> {
                    Reply.Finished finished = reply.finished();
                    transactions.executeWithoutResult(
                        status -> {
                          if (conversations.holdIfPresent(turn.ticket().conversation().id())) {
                            usageEvent(
                                turn.ticket(),
                                turn.speaker(),
                                null,
                                "error",
                                outcome(turn.input(), finished),
                                TokenUsage.NONE,
                                null,
                                finished.model());
                          }
                        });
                  }))
          .thenMany(Flux.error(error));
    }
    log.warn(
        "turn in conversation {} failed mid-reply: {}",
        turn.ticket().conversation().id(),
        error.toString());
    ErrorResponse problem = TurnService.problem(error);
    return Flux.concat(
        Flux.just(
            new TurnEvent.ErrorEvent(
                problem.getBody().getType().toString(), problem.getBody().getDetail())),
        finish(turn, reply, "error").flatMapMany(Flux::fromIterable));
  }

  /**
   * Removes what a turn that produced nothing left behind, and frees the conversation and key.
   *
   * @param userMessage the user message the turn stored, or null
   */
  Mono<Void> undo(Ticket ticket, Message userMessage) {
    Conversation c = ticket.conversation();
    return Blocking.run(
            () ->
                transactions.executeWithoutResult(
                    status -> {
                      if (userMessage != null) {
                        conversations.setHead(c.id(), c.headMessageId(), clock.instant());
                        conversations.deleteWithReplies(userMessage.id());
                      }
                      claims.release(ticket);
                    }))
        .then(conversations.forgetRecent(c.id()));
  }

  private static void time(Timer timer, Ticket ticket, long atNanos) {
    if (atNanos != 0) {
      timer.record(atNanos - ticket.startedNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** What the reply's transaction answers. */
  private record Stored(TurnOutcome outcome, int turnsSinceSummary) {}

  private Stored store(Turn turn, Reply.Finished reply, String finishReason) {
    Ticket ticket = turn.ticket();
    Conversation c = ticket.conversation();
    String content = reply.content();
    TokenUsage usage =
        reply.usage() != null
            ? reply.usage()
            : new TokenUsage(
                turn.prompt().tokens(),
                counter.count(reply.blockedOriginal() != null ? reply.blockedOriginal() : content));
    Integer ttft =
        reply.firstTextNanos() == 0
            ? null
            : (int) ((reply.firstTextNanos() - ticket.startedNanos()) / 1_000_000);
    time(firstModelText, ticket, reply.firstModelTextNanos());
    time(firstTextShown, ticket, reply.firstTextNanos());
    String safetyOutcome = outcome(turn.input(), reply);
    UUID replyId = UUID.randomUUID();
    return transactions.execute(
        status -> {
          Message stored =
              conversations.appendMessage(
                  new Message(
                      replyId,
                      c.id(),
                      turn.replyParent(),
                      0,
                      Message.ASSISTANT,
                      turn.speaker().characterId(),
                      content,
                      finishReason,
                      safetyOutcome,
                      reply.model(),
                      usage.promptTokens(),
                      usage.completionTokens(),
                      ttft,
                      clock.instant(),
                      0,
                      1,
                      null));
          if (reply.blockedOriginal() != null) {
            conversations.keepModeratedOriginal(replyId, reply.blockedOriginal());
          }
          usageEvent(
              ticket,
              turn.speaker(),
              replyId,
              finishReason,
              safetyOutcome,
              usage,
              ttft,
              reply.model());
          TurnOutcome outcome =
              new TurnOutcome(
                  turn.userMessage() == null ? null : MessageView.of(turn.userMessage()),
                  MessageView.of(stored),
                  turn.notices(),
                  finishReason,
                  new TurnEvent.Usage(
                      usage.promptTokens(), usage.completionTokens(), usage.totalTokens()));
          claims.settle(ticket, outcome);
          int sinceSummary =
              conversations.finishTurn(c.id(), replyId, ticket.turnId(), clock.instant());
          return new Stored(outcome, sinceSummary);
        });
  }

  /** The stored reply as the recent-history cache keeps it. */
  private static Message cached(Turn turn, MessageView view) {
    return new Message(
        view.id(),
        view.conversationId(),
        view.parentId(),
        turn.path().isEmpty() ? 0 : turn.path().getLast().depth() + 1,
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

  private static String outcome(Screening input, Reply.Finished reply) {
    if (reply.blockedOriginal() != null) {
      return "blocked";
    }
    if (input.care() != SafetyPolicy.Care.NONE) {
      return "support";
    }
    ModerationVerdict verdict = reply.verdict() != null ? reply.verdict() : input.verdict();
    if (verdict == null) {
      return "unchecked";
    }
    boolean flagged =
        input.verdict() != null
            && input.verdict().action() == ModerationVerdict.Action.FLAG_FOR_REVIEW;
    return flagged ? "flagged" : SafetyPolicy.outcome(verdict, false);
  }

  private void usageEvent(
      Ticket ticket,
      Participant speaker,
      UUID messageId,
      String finishReason,
      String safetyOutcome,
      TokenUsage usage,
      Integer ttftMs,
      String modelVersion) {
    long totalMs = (System.nanoTime() - ticket.startedNanos()) / 1_000_000;
    Conversation c = ticket.conversation();
    Participant character = speaker == null ? c.participants().getFirst() : speaker;
    outbox.append(
        Topics.CHAT_TURN,
        c.id().toString(),
        ChatEvents.TURN_COMPLETED,
        "conversations/" + c.id(),
        ticket.caller().principal().product(),
        ticket.userId(),
        new ChatEvents.TurnCompleted(
            ChatEvents.SCHEMA_VERSION,
            c.id().toString(),
            messageId == null ? null : messageId.toString(),
            character.characterId(),
            character.version(),
            ticket.kind().name().toLowerCase(Locale.ROOT),
            modelVersion,
            usage.promptTokens(),
            usage.completionTokens(),
            ttftMs == null ? null : ttftMs.longValue(),
            totalMs,
            finishReason,
            safetyOutcome,
            ticket.minor()));
  }
}
