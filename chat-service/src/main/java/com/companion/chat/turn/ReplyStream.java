package com.companion.chat.turn;

import com.companion.chat.ChatProperties;
import com.companion.chat.model.ModelClient;
import com.companion.chat.model.ModelRequest;
import com.companion.chat.model.TokenUsage;
import com.companion.chat.safety.ContentSafety;
import com.companion.chat.safety.SafetyPolicy.Care;
import com.companion.chat.safety.StreamModerator;
import com.companion.chat.safety.StreamModerator.Piece;
import com.companion.chat.web.Notice;
import reactor.core.publisher.Flux;

/**
 * The reply's text as the client sees it: the model's stream (route key = the character) passed
 * through streaming moderation, which holds back a small window and releases only checked text;
 * after a disclosure of self-harm the character's check-in comes first, or alone.
 */
final class ReplyStream {

  private final ModelClient model;
  private final ContentSafety safety;
  private final StreamModerator moderator;
  private final ChatProperties properties;

  ReplyStream(
      ModelClient model,
      ContentSafety safety,
      StreamModerator moderator,
      ChatProperties properties) {
    this.model = model;
    this.safety = safety;
    this.moderator = moderator;
    this.properties = properties;
  }

  /** The reply's {@code delta} and {@code notice} events; what they show is kept in the reply. */
  Flux<TurnEvent> events(Turn turn, Reply reply) {
    Care care = turn.input().care();
    Flux<TurnEvent> body =
        care == Care.CHECK_IN_ONLY
            ? checkIn(turn, reply, "")
            : moderator
                .moderate(
                    model.stream(request(turn), turn.ticket().caller())
                        .doOnNext(
                            chunk -> {
                              if (chunk.text() != null && !chunk.text().isEmpty()) {
                                reply.modelTextArrived();
                              }
                            }),
                    safety.openReply(turn.ticket().caller()),
                    turn.ticket().minor())
                .concatMap(piece -> onPiece(reply, piece));
    if (care == Care.CHECK_IN_FIRST) {
      body = checkIn(turn, reply, "\n\n").concatWith(body);
    }
    return body;
  }

  private ModelRequest request(Turn turn) {
    ChatProperties.Sampling sampling = properties.sampling();
    return new ModelRequest(
        properties.model(),
        turn.prompt().messages(),
        properties.maxTokens(),
        sampling.temperature(),
        sampling.topP(),
        sampling.topK(),
        sampling.minP(),
        sampling.repetitionPenalty(),
        turn.speaker().characterId());
  }

  /**
   * The character's caring check-in from safety-filter's support for this product and language:
   * already policy text, so it is shown without moderation.
   */
  private static Flux<TurnEvent> checkIn(Turn turn, Reply reply, String separator) {
    return Flux.defer(
        () -> {
          String text = turn.input().verdict().support().checkIn() + separator;
          reply.shown.append(text);
          reply.verdict = turn.input().verdict();
          if (turn.input().care() == Care.CHECK_IN_ONLY) {
            reply.usage = TokenUsage.NONE;
          }
          reply.textShown();
          return Flux.just(new TurnEvent.Delta(text));
        });
  }

  private Flux<TurnEvent> onPiece(Reply reply, Piece piece) {
    return switch (piece) {
      case Piece.Released released -> {
        reply.verdict = released.verdict();
        if (released.text().isEmpty()) {
          yield Flux.empty();
        }
        reply.textShown();
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
        reply.textShown();
        yield Flux.just(
            new TurnEvent.NoticeEvent(
                new Notice(
                    Notice.REPLY_MODERATED, "Part of this reply was hidden by our safety filter.")),
            new TurnEvent.Delta(separator + safe));
      }
    };
  }
}
