package com.companion.chat.turn;

import com.companion.chat.model.TokenUsage;
import com.companion.chat.safety.ModerationVerdict;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The reply as it streams: the reply stream fills it, and it is settled (recorded) exactly once,
 * however the turn ends.
 */
final class Reply {
  final StringBuilder shown = new StringBuilder();
  private final AtomicBoolean settled = new AtomicBoolean();
  volatile long firstTextNanos;
  volatile long firstModelTextNanos;
  volatile String modelFinish;
  volatile TokenUsage usage;
  volatile String model;
  volatile ModerationVerdict verdict;
  volatile String blockedOriginal;

  /**
   * What is recorded of a reply.
   *
   * @param usage the model's own count; null when it sent none
   * @param blockedOriginal what the model wrote before moderation stopped it, or null
   * @param firstTextNanos when the first text was shown; 0 when none was
   * @param firstModelTextNanos when the model's first text arrived; 0 when none did
   */
  record Finished(
      String content,
      TokenUsage usage,
      String model,
      ModerationVerdict verdict,
      String blockedOriginal,
      long firstTextNanos,
      long firstModelTextNanos) {}

  String finishReason() {
    if (blockedOriginal != null) {
      return "content_filter";
    }
    return modelFinish == null ? "stop" : modelFinish;
  }

  /** Whether the reply has been settled already. */
  boolean settled() {
    return settled.get();
  }

  /** Settles the reply: true the first time only. */
  boolean settle() {
    return settled.compareAndSet(false, true);
  }

  /** The reply as it stands now. */
  Finished finished() {
    return new Finished(
        shown.toString(),
        usage,
        model,
        verdict,
        blockedOriginal,
        firstTextNanos,
        firstModelTextNanos);
  }

  void modelTextArrived() {
    if (firstModelTextNanos == 0) {
      firstModelTextNanos = System.nanoTime();
    }
  }

  void textShown() {
    if (firstTextNanos == 0) {
      firstTextNanos = System.nanoTime();
    }
  }
}
