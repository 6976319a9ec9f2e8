package com.companion.chat.support;

import com.companion.chat.Caller;
import com.companion.chat.safety.CheckedPrefixModeration;
import com.companion.chat.safety.ContentSafety;
import com.companion.chat.safety.ModerationVerdict;
import com.companion.chat.safety.ReplyModeration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/**
 * A {@link ContentSafety} that blocks texts containing "forbidden" and flags those containing
 * "risky", standing in for safety-filter in tests of chat-service's own handling of verdicts.
 */
public final class KeywordSafety implements ContentSafety {

  public final List<String> inputs = new CopyOnWriteArrayList<>();
  public final List<String> replyChecks = new CopyOnWriteArrayList<>();
  private volatile Mono<Void> inputGate = Mono.empty();

  /** Holds every input verdict until {@code gate} completes; {@code Mono.empty()} lets them go. */
  public void holdInputsUntil(Mono<Void> gate) {
    this.inputGate = gate;
  }

  @Override
  public Mono<ModerationVerdict> checkInput(String text, Caller caller) {
    inputs.add(text);
    return inputGate.then(Mono.fromSupplier(() -> verdict(text)));
  }

  @Override
  public ReplyModeration openReply(Caller caller) {
    return new CheckedPrefixModeration(
        replySoFar -> {
          replyChecks.add(replySoFar);
          return Mono.just(verdict(replySoFar));
        },
        24,
        2000);
  }

  static ModerationVerdict verdict(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.contains("forbidden")) {
      return new ModerationVerdict(ModerationVerdict.Action.BLOCK, List.of("violence"));
    }
    if (lower.contains("risky")) {
      return new ModerationVerdict(ModerationVerdict.Action.FLAG_FOR_REVIEW, List.of("harassment"));
    }
    return ModerationVerdict.ALLOWED;
  }
}
