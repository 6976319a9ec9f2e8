package com.companion.chat.safety.internal;

import com.companion.chat.Caller;
import com.companion.chat.safety.ContentSafety;
import com.companion.chat.safety.ModerationVerdict;
import com.companion.chat.safety.ReplyModeration;
import reactor.core.publisher.Mono;

/**
 * Used when {@code chat.safety-filter-url} is blank: nothing is checked and every turn records the
 * outcome {@code unchecked}. Only for local experiments; deployments always set the URL.
 */
public final class UncheckedContentSafety implements ContentSafety {

  @Override
  public Mono<ModerationVerdict> checkInput(String text, Caller caller) {
    return Mono.just(ModerationVerdict.UNCHECKED);
  }

  @Override
  public ReplyModeration openReply(Caller caller) {
    return new ReplyModeration() {
      @Override
      public Mono<Release> push(String text) {
        return Mono.just(new Release(text, ModerationVerdict.UNCHECKED, false));
      }

      @Override
      public Mono<Release> close() {
        return Mono.just(Release.nothing(ModerationVerdict.UNCHECKED));
      }
    };
  }
}
