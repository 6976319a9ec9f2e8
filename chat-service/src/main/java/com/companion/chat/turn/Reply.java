package com.companion.chat.turn;

import com.companion.chat.model.TokenUsage;
import com.companion.chat.safety.ModerationVerdict;
import java.util.concurrent.atomic.AtomicBoolean;

/** The reply as it streams. */
final class Reply {
  final StringBuilder shown = new StringBuilder();
  final AtomicBoolean settled = new AtomicBoolean();
  volatile long firstTextNanos;
  volatile String modelFinish;
  volatile TokenUsage usage;
  volatile String model;
  volatile ModerationVerdict verdict;
  volatile String blockedOriginal;

  String finishReason() {
    if (blockedOriginal != null) {
      return "content_filter";
    }
    return modelFinish == null ? "stop" : modelFinish;
  }
}
