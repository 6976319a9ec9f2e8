package com.companion.chat.turn;

import com.companion.chat.Caller;
import com.companion.chat.ChatProperties;
import com.companion.chat.catalog.CharacterCard;
import com.companion.chat.catalog.CharacterCatalog;
import com.companion.chat.conversation.Conversation;
import com.companion.chat.conversation.Conversation.Participant;
import com.companion.chat.conversation.ConversationService;
import com.companion.chat.conversation.HistoryCache;
import com.companion.chat.conversation.Message;
import com.companion.chat.conversation.internal.ConversationStore;
import com.companion.chat.guardian.GuardianGate;
import com.companion.chat.memory.MemoryService;
import com.companion.chat.memory.PinnedMemory;
import com.companion.chat.memory.RollingSummarizer;
import com.companion.chat.model.ChatMessage;
import com.companion.chat.model.ModelClient;
import com.companion.chat.model.ModelRequest;
import com.companion.chat.model.TokenUsage;
import com.companion.chat.prompt.HistoryMessage;
import com.companion.chat.prompt.Macros;
import com.companion.chat.prompt.ModelTokenizer;
import com.companion.chat.prompt.Prompt;
import com.companion.chat.prompt.PromptAssembler;
import com.companion.chat.prompt.PromptInput;
import com.companion.chat.safety.ContentSafety;
import com.companion.chat.safety.ModerationVerdict;
import com.companion.chat.safety.SafetyPolicy;
import com.companion.chat.safety.StreamModerator;
import com.companion.chat.safety.StreamModerator.Piece;
import com.companion.chat.turn.internal.IdempotencyStore;
import com.companion.chat.turn.internal.IdempotencyStore.Claim;
import com.companion.chat.web.MessageView;
import com.companion.chat.web.Notice;
import com.companion.contracts.problem.ProblemType;
import com.companion.platform.outbox.Outbox;
import com.companion.platform.web.Blocking;
import com.companion.platform.web.PlatformProblem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The chat turn: idempotency check, one turn at a time per conversation, safety check of the user's
 * text, the user message stored, the prompt assembled, the model streamed through moderation to the
 * client, and the reply stored with its usage event in one transaction. Sending, regenerating a
 * reply and editing a user message all run through here.
 *
 * <p>How a turn ends: normally (the reply stored, finish_reason from the model, or {@code
 * content_filter} when moderation stopped it); the client went away (the partial reply stored with
 * {@code cancelled}); the model failed before any text (nothing stays behind: the user message is
 * removed, the key is released, so a retry starts afresh); or it failed mid-reply (the partial
 * reply stored with {@code error}).
 */
public final class TurnService {

  private static final Logger log = LoggerFactory.getLogger(TurnService.class);

  static final String CARE_INSTRUCTION =
      "The user may be in distress and has spoken of harming themselves. Answer warmly and"
          + " calmly, take their feelings seriously, never describe or encourage self-harm, and"
          + " gently encourage them to talk to someone they trust or a help line.";

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

  private final ConversationService conversations;
  private final ConversationStore store;
  private final CharacterCatalog catalog;
  private final HistoryCache history;
  private final MemoryService memories;
  private final PromptAssembler assembler;
  private final ModelTokenizer tokenizer;
  private final ModelClient model;
  private final ContentSafety safety;
  private final StreamModerator moderator;
  private final IdempotencyStore keys;
  private final RestReminders reminders;
  private final SpeakerSelector speakers;
  private final RollingSummarizer summarizer;
  private final GuardianGate guardians;
  private final TransactionTemplate transactions;
  private final Outbox outbox;
  private final ChatProperties properties;
  private final Clock clock;
  private final tools.jackson.databind.json.JsonMapper json;
  private final TurnRecorder recorder;

  public TurnService(
      ConversationService conversations,
      ConversationStore store,
      CharacterCatalog catalog,
      HistoryCache history,
      MemoryService memories,
      PromptAssembler assembler,
      ModelTokenizer tokenizer,
      ModelClient model,
      ContentSafety safety,
      StreamModerator moderator,
      IdempotencyStore keys,
      RestReminders reminders,
      SpeakerSelector speakers,
      RollingSummarizer summarizer,
      GuardianGate guardians,
      TransactionTemplate transactions,
      Outbox outbox,
      ChatProperties properties,
      Clock clock,
      tools.jackson.databind.json.JsonMapper json) {
    this.conversations = conversations;
    this.store = store;
    this.catalog = catalog;
    this.history = history;
    this.memories = memories;
    this.assembler = assembler;
    this.tokenizer = tokenizer;
    this.model = model;
    this.safety = safety;
    this.moderator = moderator;
    this.keys = keys;
    this.reminders = reminders;
    this.speakers = speakers;
    this.summarizer = summarizer;
    this.guardians = guardians;
    this.transactions = transactions;
    this.outbox = outbox;
    this.properties = properties;
    this.clock = clock;
    this.json = json;
    this.recorder =
        new TurnRecorder(store, history, keys, tokenizer, transactions, outbox, clock, json);
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
        turn -> {
          turn.parentOfUser = turn.conversation.headMessageId();
          turn.userText = content;
          turn.requestedSpeaker = speakerId;
          return Mono.just(turn);
        });
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
        turn ->
            Blocking.call(() -> message(turn.conversation, messageId))
                .map(
                    target -> {
                      if (!Message.USER.equals(target.role())) {
                        throw PlatformProblem.badRequest(
                            "only the user's own messages can be edited");
                      }
                      turn.parentOfUser = target.parentId();
                      turn.userText = content;
                      return turn;
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
        turn ->
            Blocking.call(() -> message(turn.conversation, messageId))
                .map(
                    target -> {
                      if (!Message.ASSISTANT.equals(target.role())) {
                        throw PlatformProblem.badRequest(
                            "only a character's reply can be regenerated");
                      }
                      if (target.parentId() == null) {
                        throw PlatformProblem.conflict(
                            "a greeting is not generated: its alternatives are chosen with select");
                      }
                      turn.replyParent = target.parentId();
                      turn.requestedSpeaker = target.speakerId();
                      return turn;
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
      java.util.function.Function<Turn, Mono<Turn>> prepare) {
    long startedNanos = System.nanoTime();
    String userId = caller.principal().userId();
    // a minor's guardian policy first: a refused turn takes no key, lease or safety check
    return guardians
        .admit(caller)
        .then(conversations.owned(conversationId, caller.principal()))
        .flatMap(
            conversation -> {
              Turn turn = new Turn(kind, conversation, caller, key, startedNanos);
              if (userText != null) {
                // the safety check runs while the key and the lease are being taken: it is the
                // slowest step before the model and depends on neither
                turn.inputCheck = safety.checkInput(userText, caller).cache();
                turn.inputCheck.subscribe(verdict -> {}, error -> {});
              }
              Mono<Claim> claim =
                  key == null
                      ? Mono.just(new Claim.Started())
                      : Blocking.call(
                          () -> {
                            Instant now = clock.instant();
                            return keys.claim(
                                userId,
                                key,
                                sha256(requestFingerprint),
                                conversationId,
                                now,
                                now.plus(properties.idempotencyKeyTtl()),
                                now.minus(properties.turnLease()));
                          });
              return claim.flatMap(
                  found ->
                      switch (found) {
                        case Claim.Replay replay ->
                            Mono.just(
                                new Start.Replay(
                                    json.readValue(replay.outcomeJson(), TurnOutcome.class)));
                        case Claim.Running running ->
                            Mono.error(
                                PlatformProblem.conflict(
                                    "a request with this Idempotency-Key is still running"));
                        case Claim.Mismatch mismatch ->
                            Mono.error(
                                PlatformProblem.of(
                                        HttpStatusCode.valueOf(422),
                                        ProblemType.UNPROCESSABLE,
                                        "this Idempotency-Key was used for a different request")
                                    .with("field", "Idempotency-Key"));
                        case Claim.Started started -> start(turn, prepare);
                      });
            });
  }

  private Mono<Start> start(Turn turn, java.util.function.Function<Turn, Mono<Turn>> prepare) {
    return Blocking.call(
            () -> {
              Instant now = clock.instant();
              return store.acquireTurn(
                  turn.conversation.id(),
                  turn.userId(),
                  turn.conversation.product(),
                  turn.turnId,
                  now,
                  now.minus(properties.turnLease()));
            })
        .flatMap(
            acquired -> {
              if (!acquired) {
                return recorder
                    .forgetKey(turn)
                    .then(
                        Mono.error(
                            PlatformProblem.conflict(
                                "a reply is already being written in this conversation")));
              }
              turn.leaseHeld = true;
              return prepare
                  .apply(turn)
                  .flatMap(this::checkInput)
                  .flatMap(this::storeUserMessage)
                  .flatMap(this::assemble)
                  .<Start>map(ready -> new Start.Live(generate(ready)))
                  .onErrorResume(e -> recorder.undo(turn).then(Mono.error(e)))
                  // the client left before the reply started: free the conversation and the key
                  .doOnCancel(() -> recorder.undo(turn).subscribe());
            });
  }

  private Mono<Turn> checkInput(Turn turn) {
    if (turn.userText == null) {
      return Mono.just(turn);
    }
    Mono<ModerationVerdict> check =
        turn.inputCheck != null ? turn.inputCheck : safety.checkInput(turn.userText, turn.caller);
    return check.flatMap(
        verdict -> {
          turn.inputVerdict = verdict;
          turn.care = SafetyPolicy.care(verdict, turn.minor());
          if (turn.care != SafetyPolicy.Care.NONE) {
            turn.notices.add(
                Notice.support(verdict.support().text(), verdict.support().resources()));
          }
          if (!SafetyPolicy.blocksInput(verdict, turn.minor())) {
            return Mono.just(turn);
          }
          return Blocking.run(
                  () ->
                      transactions.executeWithoutResult(
                          status ->
                              recorder.usageEvent(
                                  turn,
                                  null,
                                  "input_blocked",
                                  "blocked",
                                  TokenUsage.NONE,
                                  null,
                                  null)))
              .then(
                  Mono.error(
                      PlatformProblem.of(
                              HttpStatusCode.valueOf(422),
                              ProblemType.CONTENT_BLOCKED,
                              properties.safety().blockedInputText())
                          .with("categories", verdict.categories())));
        });
  }

  private Mono<Turn> storeUserMessage(Turn turn) {
    if (turn.userText == null) {
      return Mono.just(turn);
    }
    return Blocking.call(
        () -> {
          Message parent =
              turn.parentOfUser == null ? null : message(turn.conversation, turn.parentOfUser);
          Message user =
              new Message(
                  UUID.randomUUID(),
                  turn.conversation.id(),
                  turn.parentOfUser,
                  parent == null ? 0 : parent.depth() + 1,
                  Message.USER,
                  null,
                  turn.userText,
                  null,
                  SafetyPolicy.outcome(turn.inputVerdict, false),
                  null,
                  null,
                  null,
                  null,
                  clock.instant(),
                  0,
                  1,
                  null);
          transactions.executeWithoutResult(
              status -> {
                store.insertMessage(user);
                store.setHead(turn.conversation.id(), user.id(), clock.instant());
              });
          turn.userMessage = store.message(turn.conversation.id(), user.id()).orElseThrow();
          turn.replyParent = user.id();
          return turn;
        });
  }

  private Mono<Turn> assemble(Turn turn) {
    Conversation c = turn.conversation;
    UUID pathEnd = turn.replyParent;
    Mono<List<Message>> path =
        turn.userMessage == null
            ? history.recent(c.id(), pathEnd)
            : history
                .recent(c.id(), turn.parentOfUser)
                .map(
                    previous -> {
                      turn.previousPath = previous;
                      List<Message> all = new ArrayList<>(previous);
                      all.add(turn.userMessage);
                      return all;
                    });
    return path.flatMap(
        messages -> {
          turn.path = messages;
          String lastSpeaker = null;
          for (Message m : messages) {
            if (Message.ASSISTANT.equals(m.role())) {
              lastSpeaker = m.speakerId();
            }
          }
          Participant speaker =
              speakers.choose(c.participants(), turn.userText, turn.requestedSpeaker, lastSpeaker);
          if (speaker == null) {
            return Mono.error(PlatformProblem.badRequest("no character can answer here"));
          }
          turn.speaker = speaker;
          Mono<CharacterCard> card =
              catalog
                  .version(speaker.characterId(), speaker.version(), turn.caller)
                  .switchIfEmpty(
                      Mono.error(
                          PlatformProblem.of(
                              HttpStatusCode.valueOf(410),
                              ProblemType.custom("character-gone", "Character no longer available"),
                              speaker.name() + " is no longer available")));
          Mono<List<PinnedMemory>> pinned = Blocking.call(() -> memories.contents(c.id()));
          Mono<Boolean> remind =
              turn.minor()
                  ? Blocking.call(() -> reminders.recordTurn(turn.userId()))
                  : Mono.just(false);
          return Mono.zip(card, pinned, remind)
              .map(
                  all -> {
                    turn.card = all.getT1();
                    if (all.getT3()) {
                      turn.notices.add(
                          new Notice(
                              Notice.REST_REMINDER,
                              Macros.fill(
                                  properties.minors().restReminder(),
                                  speaker.name(),
                                  conversations.userName(c.persona()))));
                    }
                    try {
                      turn.prompt =
                          carefully(turn, assembler.assemble(promptInput(turn, all.getT2())));
                    } catch (IllegalArgumentException e) {
                      // only when the reply reserve leaves (almost) no context: a setting problem
                      throw PlatformProblem.of(
                          HttpStatusCode.valueOf(422),
                          ProblemType.UNPROCESSABLE,
                          "the message does not fit the model's context",
                          e);
                    }
                    return turn;
                  });
        });
  }

  /**
   * After a disclosure of self-harm the character goes on, but under an instruction placed last,
   * where the model weighs it most.
   */
  private static Prompt carefully(Turn turn, Prompt prompt) {
    if (turn.care != SafetyPolicy.Care.CHECK_IN_FIRST) {
      return prompt;
    }
    List<ChatMessage> messages = new ArrayList<>(prompt.messages());
    messages.add(ChatMessage.system(CARE_INSTRUCTION));
    return new Prompt(
        messages,
        prompt.tokens(),
        prompt.historyMessages(),
        prompt.loreEntries(),
        prompt.newestTruncated());
  }

  private PromptInput promptInput(Turn turn, List<PinnedMemory> pinned) {
    Conversation c = turn.conversation;
    Map<String, String> names =
        c.participants().stream()
            .collect(Collectors.toMap(Participant::characterId, Participant::name, (a, b) -> a));
    List<HistoryMessage> messages =
        turn.path.stream()
            .map(
                m ->
                    Message.USER.equals(m.role())
                        ? HistoryMessage.user(m.content())
                        : HistoryMessage.character(
                            m.speakerId(),
                            names.getOrDefault(m.speakerId(), "Character"),
                            m.content()))
            .toList();
    if (messages.isEmpty()) {
      throw PlatformProblem.badRequest("there is nothing to reply to");
    }
    // the summary counts only while it covers this path: it is in the recent window, or the path
    // reaches further back than the window does
    boolean summaryOnPath =
        c.summaryThroughMessageId() != null
            && (turn.path.stream().anyMatch(m -> m.id().equals(c.summaryThroughMessageId()))
                || turn.path.size() >= properties.cache().historyMessages());
    int budget = tokenizer.contextTokens() - properties.maxTokens();
    return new PromptInput(
        turn.card,
        conversations.userName(c.persona()),
        c.persona(),
        c.participants().stream()
            .filter(p -> !p.characterId().equals(turn.speaker.characterId()))
            .map(Participant::name)
            .toList(),
        summaryOnPath ? c.summary() : null,
        pinned.stream().map(PinnedMemory::content).toList(),
        messages,
        budget);
  }

  // --- generating -------------------------------------------------------------------------

  private Flux<TurnEvent> generate(Turn turn) {
    return Flux.defer(
        () -> {
          Reply reply = new Reply();
          List<TurnEvent> prelude = new ArrayList<>();
          if (turn.userMessage != null) {
            prelude.add(new TurnEvent.MessageEvent(MessageView.of(turn.userMessage)));
          }
          turn.notices.forEach(n -> prelude.add(new TurnEvent.NoticeEvent(n)));
          ChatProperties.Sampling sampling = properties.sampling();
          ModelRequest request =
              new ModelRequest(
                  properties.model(),
                  turn.prompt.messages(),
                  properties.maxTokens(),
                  sampling.temperature(),
                  sampling.topP(),
                  sampling.topK(),
                  sampling.minP(),
                  sampling.repetitionPenalty(),
                  turn.speaker.characterId());
          Flux<TurnEvent> body =
              turn.care == SafetyPolicy.Care.CHECK_IN_ONLY
                  ? checkIn(turn, reply, "")
                  : moderator
                      .moderate(
                          model.stream(request, turn.caller),
                          safety.openReply(turn.caller),
                          turn.minor())
                      .concatMap(piece -> onPiece(turn, reply, piece));
          if (turn.care == SafetyPolicy.Care.CHECK_IN_FIRST) {
            body = checkIn(turn, reply, "\n\n").concatWith(body);
          }
          return Flux.fromIterable(prelude)
              .concatWith(body)
              .concatWith(
                  Flux.defer(
                      () ->
                          finish(turn, reply, reply.finishReason())
                              .flatMapMany(Flux::fromIterable)))
              .onErrorResume(e -> failed(turn, reply, e))
              .doOnCancel(
                  () ->
                      finish(turn, reply, "cancelled")
                          .subscribe(
                              ignored -> {},
                              e -> log.warn("storing a cancelled reply failed: {}", e.toString())));
        });
  }

  /**
   * The character's caring check-in from safety-filter's support for this product and language:
   * already policy text, so it is shown without moderation.
   */
  private static Flux<TurnEvent> checkIn(Turn turn, Reply reply, String separator) {
    return Flux.defer(
        () -> {
          String text = turn.inputVerdict.support().checkIn() + separator;
          reply.shown.append(text);
          reply.verdict = turn.inputVerdict;
          if (turn.care == SafetyPolicy.Care.CHECK_IN_ONLY) {
            reply.usage = TokenUsage.NONE;
          }
          if (reply.firstTextNanos == 0) {
            reply.firstTextNanos = System.nanoTime();
          }
          return Flux.just(new TurnEvent.Delta(text));
        });
  }

  private Flux<TurnEvent> onPiece(Turn turn, Reply reply, Piece piece) {
    return switch (piece) {
      case Piece.Released released -> {
        reply.verdict = released.verdict();
        if (released.text().isEmpty()) {
          yield Flux.empty();
        }
        if (reply.firstTextNanos == 0) {
          reply.firstTextNanos = System.nanoTime();
        }
        reply.shown.append(released.text());
        yield Flux.just(new TurnEvent.Delta(released.text()));
      }
      case Piece.Meta meta -> {
        if (meta.chunk().finishReason() != null) {
          reply.modelFinish = meta.chunk().finishReason();
        }
        if (meta.chunk().usage() != null) {
          reply.usage = meta.chunk().usage();
        }
        if (meta.chunk().model() != null) {
          reply.model = meta.chunk().model();
        }
        yield Flux.empty();
      }
      case Piece.Blocked blocked -> {
        reply.verdict = blocked.verdict();
        reply.blockedOriginal = blocked.original();
        String safe =
            blocked.replacement() != null && !blocked.replacement().isBlank()
                ? blocked.replacement()
                : properties.safety().blockedReplyText();
        String separator = reply.shown.isEmpty() ? "" : " ";
        reply.shown.append(separator).append(safe);
        if (reply.firstTextNanos == 0) {
          reply.firstTextNanos = System.nanoTime();
        }
        yield Flux.just(
            new TurnEvent.NoticeEvent(
                new Notice(
                    Notice.REPLY_MODERATED, "Part of this reply was hidden by our safety filter.")),
            new TurnEvent.Delta(separator + safe));
      }
    };
  }

  private Flux<TurnEvent> failed(Turn turn, Reply reply, Throwable error) {
    if (reply.settled.get()) {
      return Flux.error(error);
    }
    if (reply.shown.isEmpty()) {
      // nothing reached the user: leave nothing behind, so a retry starts afresh
      if (!reply.settled.compareAndSet(false, true)) {
        return Flux.error(error);
      }
      return recorder
          .undo(turn)
          .then(
              Blocking.run(
                  () ->
                      transactions.executeWithoutResult(
                          status ->
                              recorder.usageEvent(
                                  turn,
                                  null,
                                  "error",
                                  recorder.outcome(turn, reply),
                                  TokenUsage.NONE,
                                  null,
                                  reply.model))))
          .thenMany(Flux.error(error));
    }
    log.warn(
        "turn in conversation {} failed mid-reply: {}", turn.conversation.id(), error.toString());
    ErrorResponse problem = problem(error);
    return Flux.concat(
        Flux.just(
            new TurnEvent.ErrorEvent(
                problem.getBody().getType().toString(), problem.getBody().getDetail())),
        finish(turn, reply, "error").flatMapMany(Flux::fromIterable));
  }

  /** Stores the reply, once, however the turn ended; answers the closing events. */
  private Mono<List<TurnEvent>> finish(Turn turn, Reply reply, String finishReason) {
    if (!reply.settled.compareAndSet(false, true)) {
      return Mono.empty();
    }
    return Blocking.call(() -> recorder.store(turn, reply, finishReason))
        .flatMap(
            outcome ->
                history
                    .appended(
                        turn.conversation.id(),
                        turn.userMessage == null ? turn.path : turn.previousPath,
                        turn.userMessage == null
                            ? List.of(TurnRecorder.stored(turn, outcome.reply()))
                            : List.of(turn.userMessage, TurnRecorder.stored(turn, outcome.reply())))
                    .thenReturn(outcome))
        .map(
            outcome -> {
              if (summarizer.due(turn.turnsSinceSummary)) {
                summarizer.summarizeLater(turn.conversation, outcome.reply().id(), turn.caller);
              }
              return List.<TurnEvent>of(
                  new TurnEvent.MessageEvent(outcome.reply()),
                  new TurnEvent.Done(outcome.finishReason(), outcome.usage()));
            });
  }

  private Message message(Conversation c, UUID messageId) {
    return store
        .message(c.id(), messageId)
        .orElseThrow(() -> PlatformProblem.notFound("message " + messageId + " was not found"));
  }

  private void checkContent(String content) {
    if (content == null || content.isBlank()) {
      throw PlatformProblem.badRequest("content must not be empty").with("field", "content");
    }
    if (content.length() > properties.maxMessageChars()) {
      throw PlatformProblem.badRequest(
              "content is longer than " + properties.maxMessageChars() + " characters")
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

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String nz(String text) {
    return text == null ? "" : text;
  }
}
