package com.companion.chat.safety;

/**
 * What chat-service does with a verdict. safety-filter already applies the product's and age
 * group's thresholds; on top of that, for minors anything short of a clean pass is withheld, and a
 * streamed reply cannot be redacted after the fact, so {@code redact} stops it.
 */
public final class SafetyPolicy {

  private SafetyPolicy() {}

  public static boolean blocksInput(ModerationVerdict verdict, boolean minor) {
    return switch (verdict.action()) {
      case BLOCK -> true;
      case FLAG_FOR_REVIEW, REDACT -> minor;
      case ALLOW, UNCHECKED -> false;
    };
  }

  public static boolean blocksReply(ModerationVerdict verdict, boolean minor) {
    return switch (verdict.action()) {
      case BLOCK, REDACT -> true;
      case FLAG_FOR_REVIEW -> minor;
      case ALLOW, UNCHECKED -> false;
    };
  }

  /** The outcome recorded with a turn: allowed, flagged, blocked or unchecked. */
  public static String outcome(ModerationVerdict verdict, boolean blocked) {
    if (blocked) {
      return "blocked";
    }
    return switch (verdict.action()) {
      case UNCHECKED -> "unchecked";
      case ALLOW -> "allowed";
      default -> "flagged";
    };
  }
}
