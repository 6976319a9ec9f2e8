package com.companion.chat.safety;

import reactor.core.publisher.Mono;

/**
 * Moderation of one reply while it streams: generated text goes in, text that may be shown comes
 * out. An implementation holds back whatever a later chunk could still turn into something that
 * must not be shown.
 */
public interface ReplyModeration {

  /** Adds newly generated text; answers what may be shown now. */
  Mono<Release> push(String text);

  /** The reply is complete; answers the rest that may be shown. */
  Mono<Release> close();

  /** The generation was cancelled: the moderation state can be dropped. */
  default Mono<Void> abandon() {
    return Mono.empty();
  }

  /**
   * What a push or the close answered.
   *
   * @param text newly released text, to append to what was released before
   * @param verdict the verdict on everything seen so far
   * @param stopped safety-filter ended the reply: nothing more may be shown
   * @param replacement what safety-filter wants shown instead when it stopped the reply (e.g. a
   *     supportive message), or null
   */
  record Release(String text, ModerationVerdict verdict, boolean stopped, String replacement) {

    public Release(String text, ModerationVerdict verdict, boolean stopped) {
      this(text, verdict, stopped, null);
    }

    public static Release nothing(ModerationVerdict verdict) {
      return new Release("", verdict, false);
    }
  }
}
