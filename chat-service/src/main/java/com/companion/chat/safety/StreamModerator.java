package com.companion.chat.safety;

import com.companion.chat.model.ModelChunk;
import reactor.core.publisher.Flux;

/**
 * Passes a streamed reply through moderation and releases only text that has been checked.
 *
 * <p>Text is released up to the last word boundary that passed a check; the unfinished word and
 * anything not yet checked are held back, so a word split across tokens is never shown half
 * checked. The first word is checked as soon as it is complete (the first token the user sees is
 * not delayed by a whole window); after that a check runs once {@code checkEveryChars} new
 * characters wait, which keeps safety-filter calls to a few per reply. The held-back window is
 * therefore at most about {@code checkEveryChars} characters plus one word. When a check blocks,
 * the model stream is cancelled and a {@link Piece.Blocked} ends the output.
 */
public final class StreamModerator {

  private final int checkEveryChars;
  private final int maxCheckedChars;

  public StreamModerator(int checkEveryChars, int maxCheckedChars) {
    this.checkEveryChars = Math.max(1, checkEveryChars);
    this.maxCheckedChars = Math.max(64, maxCheckedChars);
  }

  /** What comes out: released text, the end of the model's stream, or a block. */
  public sealed interface Piece {
    /** Checked text the user may see. */
    record Released(String text, ModerationVerdict verdict) implements Piece {}

    /** Finish reason, usage or model version from the model, without text. */
    record Meta(ModelChunk chunk) implements Piece {}

    /**
     * The reply was stopped.
     *
     * @param original all text the model produced up to the block, for moderators
     */
    record Blocked(String original, ModerationVerdict verdict) implements Piece {}
  }

  public Flux<Piece> moderate(Flux<ModelChunk> chunks, ReplyModeration moderation, boolean minor) {
    return Flux.defer(
        () -> {
          State state = new State();
          return chunks
              .concatMap(chunk -> onChunk(chunk, state, moderation, minor))
              .concatWith(Flux.defer(() -> finish(state, moderation, minor)))
              // the first block ends the stream and cancels the model
              .takeUntil(piece -> piece instanceof Piece.Blocked);
        });
  }

  private Flux<Piece> onChunk(
      ModelChunk chunk, State state, ReplyModeration moderation, boolean minor) {
    Piece meta =
        chunk.finishReason() != null || chunk.usage() != null || chunk.model() != null
            ? new Piece.Meta(new ModelChunk("", chunk.finishReason(), chunk.usage(), chunk.model()))
            : null;
    if (chunk.text() != null) {
      state.text.append(chunk.text());
    }
    int boundary = lastBoundary(state.text, state.released);
    boolean due =
        boundary > state.released
            && (state.released == 0 || boundary - state.released >= checkEveryChars);
    Flux<Piece> metaFlux = meta == null ? Flux.empty() : Flux.just(meta);
    if (!due) {
      return metaFlux;
    }
    return check(state, boundary, false, moderation, minor).concatWith(metaFlux);
  }

  private Flux<Piece> finish(State state, ReplyModeration moderation, boolean minor) {
    if (state.released >= state.text.length() && state.checkedOnce) {
      return Flux.empty();
    }
    return check(state, state.text.length(), true, moderation, minor);
  }

  private Flux<Piece> check(
      State state, int upTo, boolean complete, ReplyModeration moderation, boolean minor) {
    int from = Math.max(0, upTo - maxCheckedChars);
    String window = state.text.substring(from, upTo);
    return moderation
        .check(window, complete)
        .flux()
        .map(
            verdict -> {
              state.checkedOnce = true;
              if (SafetyPolicy.blocksReply(verdict, minor)) {
                return (Piece) new Piece.Blocked(state.text.toString(), verdict);
              }
              String released = state.text.substring(state.released, upTo);
              state.released = upTo;
              return new Piece.Released(released, verdict);
            });
  }

  /** The index just after the last whitespace at or beyond {@code from}, or {@code from}. */
  static int lastBoundary(CharSequence text, int from) {
    for (int i = text.length() - 1; i >= from; i--) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i + 1;
      }
    }
    return from;
  }

  private static final class State {
    final StringBuilder text = new StringBuilder();
    int released;
    boolean checkedOnce;
  }
}
