package com.companion.chat.safety;

import com.companion.chat.model.ModelChunk;
import reactor.core.publisher.Flux;

/**
 * Passes a streamed reply through a {@link ReplyModeration} and lets out only released text. A
 * reply is stopped when safety-filter stops it or when its verdict is one chat-service's {@link
 * SafetyPolicy} does not show (stricter for minors): the model stream is cancelled and a {@link
 * Piece.Blocked} ends the output, carrying what the model wrote for moderators.
 */
public final class StreamModerator {

  /** What comes out: released text, the model's own end-of-stream data, or a block. */
  public sealed interface Piece {
    /** Checked text the user may see. */
    record Released(String text, ModerationVerdict verdict) implements Piece {}

    /** Finish reason, usage or model version from the model, without text. */
    record Meta(ModelChunk chunk) implements Piece {}

    /**
     * The reply was stopped.
     *
     * @param original all text the model produced up to the block, for moderators
     * @param replacement safety-filter's message to show instead, or null for the default
     */
    record Blocked(String original, ModerationVerdict verdict, String replacement)
        implements Piece {}
  }

  public Flux<Piece> moderate(Flux<ModelChunk> chunks, ReplyModeration moderation, boolean minor) {
    return Flux.defer(
        () -> {
          State state = new State();
          return chunks
              .concatMap(chunk -> onChunk(chunk, state, moderation, minor))
              .concatWith(
                  Flux.defer(() -> moderation.close().map(release -> piece(release, state, minor))))
              // the first block ends the stream and cancels the model
              .takeUntil(piece -> piece instanceof Piece.Blocked)
              .doOnCancel(() -> moderation.abandon().subscribe(ignored -> {}, e -> {}));
        });
  }

  private Flux<Piece> onChunk(
      ModelChunk chunk, State state, ReplyModeration moderation, boolean minor) {
    boolean newModel = chunk.model() != null && !chunk.model().equals(state.model);
    state.model = chunk.model() != null ? chunk.model() : state.model;
    Flux<Piece> meta =
        chunk.finishReason() != null || chunk.usage() != null || newModel
            ? Flux.just(
                new Piece.Meta(
                    new ModelChunk("", chunk.finishReason(), chunk.usage(), chunk.model())))
            : Flux.empty();
    if (chunk.text() == null || chunk.text().isEmpty()) {
      return meta;
    }
    state.original.append(chunk.text());
    return moderation
        .push(chunk.text())
        .map(release -> piece(release, state, minor))
        .concatWith(meta);
  }

  private static Piece piece(ReplyModeration.Release release, State state, boolean minor) {
    if (release.stopped() || SafetyPolicy.blocksReply(release.verdict(), minor)) {
      return new Piece.Blocked(state.original.toString(), release.verdict(), release.replacement());
    }
    return new Piece.Released(release.text(), release.verdict());
  }

  private static final class State {
    final StringBuilder original = new StringBuilder();
    String model;
  }
}
