package com.companion.chat.turn;

import com.companion.chat.Caller;
import com.companion.chat.conversation.Conversations;
import com.companion.chat.conversation.Message;
import com.companion.chat.conversation.MessageView;
import com.companion.chat.safety.ModerationVerdict;
import com.companion.chat.turn.StartDeadline.Step;
import com.companion.chat.turn.TurnClaim.Claimed;
import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.Blocking;
import com.companion.platform.web.PlatformProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.ErrorResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The chat turn, as a pipeline of stages that hand each other immutable records: {@link InputCheck}
 * (the guardian policy, the safety verdict on the user's text, self-harm care) → {@link TurnClaim}
 * (the {@code Idempotency-Key}, the conversation's lease and the user message, in one transaction)
 * → {@link TurnPrompt} (speaker, card, memories, prompt) → {@link ReplyStream} (the model through
 * streaming moderation) → {@link TurnRecorder} (the reply, its usage event and the key's outcome in
 * one transaction). Sending, regenerating a reply and editing a user message all run through here.
 *
 * <p>How a turn ends: normally (the reply stored, finish_reason from the model, or {@code
 * content_filter} when moderation stopped it); the client went away (the partial reply stored with
 * {@code cancelled}); the model failed before any text (nothing stays behind: the user message is
 * removed, the key is released, so a retry starts afresh); it failed mid-reply (the partial reply
 * stored with {@code error}); or its account was deleted ({@link RunningTurns}: the model is
 * cancelled, the client's stream ends with an error, and nothing is stored, the erasure removing
 * what the turn had written).
 */
public final class TurnService {

  private static final Logger log = LoggerFactory.getLogger(TurnService.class);

  /** How a turn came about, as recorded in the usage event. */
  public enum Kind {
    SEND,
    REGENERATE,
    EDIT
  }

  /** A turn's start: a stored outcome to replay, or a live stream. */
  public sealed interface Start {
    record Replay(TurnOutcome outcome) implements Start {}

    record Live(Flux<TurnEvent> events) implements Start {}
  }

  private final Conversations conversations;
  private final TurnClaim claims;
  private final InputCheck inputs;
  private final TurnPrompt prompts;
  private final ReplyStream replies;
  private final TurnRecorder recorder;
  private final TurnAdmission admission;
  private final RunningTurns running;
  private final StartDeadline deadline;
  private final int maxMessageChars;

  TurnService(
      TurnAdmission admission,
      Conversations conversations,
      TurnClaim claims,
      InputCheck inputs,
      TurnPrompt prompts,
      ReplyStream replies,
      TurnRecorder recorder,
      RunningTurns running,
      StartDeadline deadline,
      int maxMessageChars) {
    this.conversations = conversations;
    this.claims = claims;
    this.inputs = inputs;
    this.prompts = prompts;
    this.replies = replies;
    this.recorder = recorder;
    this.admission = admission;
    this.running = running;
    this.deadline = deadline;
    this.maxMessageChars = maxMessageChars;
  }

  public Mono<Start> send(
      UUID conversationId, String content, String speakerId, Caller caller, String key) {
    checkContent(content);
    return run(
        Kind.SEND,
        conversationId,
        caller,
        key,
        "send|" + conversationId + "|" + nz(speakerId) + "|" + content,
        content,
        ticket ->
            Mono.just(
                Target.newUserMessage(ticket.conversation().headMessageId(), content, speakerId)));
  }

  public Mono<Start> edit(
      UUID conversationId, UUID messageId, String content, Caller caller, String key) {
    checkContent(content);
    return run(
        Kind.EDIT,
        conversationId,
        caller,
        key,
        "edit|" + conversationId + "|" + messageId + "|" + content,
        content,
        ticket ->
            Blocking.call(() -> message(ticket, messageId))
                .map(
                    edited -> {
                      if (!Message.USER.equals(edited.role())) {
                        throw PlatformProblem.badRequest(
                            "only the user's own messages can be edited");
                      }
                      return Target.newUserMessage(edited.parentId(), content, null);
                    }));
  }

  public Mono<Start> regenerate(UUID conversationId, UUID messageId, Caller caller, String key) {
    return run(
        Kind.REGENERATE,
        conversationId,
        caller,
        key,
        "regenerate|" + conversationId + "|" + messageId,
        null,
        ticket ->
            Blocking.call(() -> message(ticket, messageId))
                .map(
                    reply -> {
                      if (!Message.ASSISTANT.equals(reply.role())) {
                        throw PlatformProblem.badRequest(
                            "only a character's reply can be regenerated");
                      }
                      if (reply.parentId() == null) {
                        throw PlatformProblem.conflict(
                            "a greeting is not generated: its alternatives are chosen with select");
                      }
                      return Target.newReply(reply.parentId(), reply.speakerId());
                    }));
  }

  // --- preparing a turn -------------------------------------------------------------------

  private Mono<Start> run(
      Kind kind,
      UUID conversationId,
      Caller caller,
      String key,
      String requestFingerprint,
      String userText,
      Function<Ticket, Mono<Target>> target) {
    return Mono.defer(
        () -> {
          // the turn's time starts before any wait in line: the user waits through it too
          long startedNanos = System.nanoTime();
          StartDeadline.Watch watch = deadline.watch();
          Mono<Start> start =
              admission
                  .enter()
                  .flatMap(
                      slot ->
                          watch
                              .step(Step.GUARDIAN, inputs.admit(caller))
                              .then(
                                  watch.step(
                                      Step.CONVERSATION,
                                      conversations.owned(conversationId, caller.principal())))
                              .flatMap(
                                  conversation -> {
                                    Ticket ticket =
                                        new Ticket(
                                            kind,
                                            conversation,
                                            caller,
                                            key,
                                            UUID.randomUUID(),
                                            startedNanos);
                                    Mono<ModerationVerdict> verdict =
                                        userText == null ? null : inputs.begin(userText, caller);
                                    return watch
                                        .step(Step.TARGET, target.apply(ticket))
                                        .flatMap(
                                            where ->
                                                watch
                                                    .step(
                                                        Step.INPUT_CHECK,
                                                        inputs.screen(ticket, verdict))
                                                    .flatMap(
                                                        screening ->
                                                            claimed(
                                                                ticket,
                                                                requestFingerprint,
                                                                where,
                                                                screening,
                                                                watch)));
                                  })
                              .map(begun -> holding(slot, begun))
                              .doOnSuccess(
                                  begun -> {
                                    if (begun == null) {
                                      slot.release();
                                    }
                                  })
                              .doOnError(e -> slot.release())
                              .doOnCancel(slot::release));
          return watch.guard(
              start,
              "turn (" + kind + ") of conversation " + conversationId + ", key " + key,
              startedNanos);
        });
  }

  /** A replayed outcome needs no slot; a live turn keeps its slot until its stream ends. */
  private static Start holding(TurnAdmission.Slot slot, Start start) {
    return switch (start) {
      case Start.Replay replay -> {
        slot.release();
        yield replay;
      }
      case Start.Live live -> new Start.Live(live.events().doFinally(signal -> slot.release()));
    };
  }

  /**
   * Claims the key and the lease with the user's message stored, then, unless the key's outcome is
   * replayed, gets the turn ready for the model.
   */
  private Mono<Start> claimed(
      Ticket ticket,
      String requestFingerprint,
      Target where,
      Screening screening,
      StartDeadline.Watch watch) {
    Message user = where.userText() == null ? null : recorder.userMessage(ticket, where, screening);
    // what a failure or a cancel before the reply takes back (the user message, the lease, the
    // key), once; a claim whose caller left while it ran (or whose start's deadline passed) gives
    // it back when its transaction ends
    AtomicBoolean undone = new AtomicBoolean();
    Mono<Claimed> claim =
        claims.claim(
            ticket,
            requestFingerprint,
            user,
            granted -> undo(ticket, granted.userMessage(), undone).subscribe());
    return watch
        .step(Step.CLAIM, claim)
        .flatMap(
            claimed ->
                switch (claimed) {
                  case Claimed.Replay replay -> Mono.just(new Start.Replay(replay.outcome()));
                  case Claimed.Granted granted ->
                      prepare(ticket, where, screening, granted.userMessage(), undone, watch);
                });
  }

  /** With the key and the lease held: everything up to the first byte of the model's reply. */
  private Mono<Start> prepare(
      Ticket ticket,
      Target where,
      Screening screening,
      Message user,
      AtomicBoolean undone,
      StartDeadline.Watch watch) {
    return watch
        .step(Step.PROMPT, prompts.prepare(ticket, where, screening, user, watch))
        .<Start>map(turn -> new Start.Live(stream(turn)))
        .onErrorResume(e -> undo(ticket, user, undone).then(Mono.error(e)))
        // the client left before the reply started: free the conversation and the key
        .doOnCancel(() -> undo(ticket, user, undone).subscribe());
  }

  private Mono<Void> undo(Ticket ticket, Message user, AtomicBoolean undone) {
    return undone.compareAndSet(false, true) ? recorder.undo(ticket, user) : Mono.empty();
  }

  // --- generating -------------------------------------------------------------------------

  private Flux<TurnEvent> stream(Turn turn) {
    return Flux.defer(
        () -> {
          Reply reply = new Reply();
          List<TurnEvent> prelude = new ArrayList<>();
          if (turn.userMessage() != null) {
            prelude.add(new TurnEvent.MessageEvent(MessageView.of(turn.userMessage())));
          }
          turn.notices().forEach(n -> prelude.add(new TurnEvent.NoticeEvent(n)));
          if (turn.ticket().conversation().group()) {
            prelude.add(
                new TurnEvent.SpeakerEvent(turn.speaker().characterId(), turn.speaker().name()));
          }
          RunningTurns.Running registered = running.register(turn.ticket(), reply);
          return Flux.fromIterable(prelude)
              .concatWith(replies.events(turn, reply))
              .concatWith(
                  Flux.defer(
                      () ->
                          recorder
                              .finish(turn, reply, reply.finishReason())
                              .flatMapMany(Flux::fromIterable)))
              .onErrorResume(e -> recorder.failed(turn, reply, e))
              .doOnCancel(
                  () ->
                      recorder
                          .finish(turn, reply, "cancelled")
                          .subscribe(
                              ignored -> {},
                              e -> log.warn("storing a cancelled reply failed: {}", e.toString())))
              // the account was deleted: the model's stream is cancelled above (the reply is
              // settled, so nothing is stored), and the client's stream ends with the error
              .takeUntilOther(registered.stopped())
              .concatWith(Mono.defer(registered::closing))
              .doFinally(signal -> running.unregister(registered));
        });
  }

  private Message message(Ticket ticket, UUID messageId) {
    return conversations.requiredMessage(ticket.conversation().id(), messageId);
  }

  private void checkContent(String content) {
    if (content == null || content.isBlank()) {
      throw PlatformProblem.badRequest("content must not be empty").with("field", "content");
    }
    if (content.length() > maxMessageChars) {
      throw PlatformProblem.badRequest("content is longer than " + maxMessageChars + " characters")
          .with("field", "content");
    }
  }

  static ErrorResponse problem(Throwable error) {
    if (error instanceof ErrorResponse response) {
      return response;
    }
    return PlatformProblem.of(
        HttpStatusCode.valueOf(500),
        ProblemType.INTERNAL,
        "the reply could not be completed",
        error);
  }

  private static String nz(String text) {
    return text == null ? "" : text;
  }
}
