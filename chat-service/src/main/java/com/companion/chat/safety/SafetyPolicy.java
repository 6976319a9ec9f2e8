package com.companion.chat.safety;

/**
 * What chat-service does with a verdict. safety-filter already applies the product's and age
 * group's thresholds; on top of that, for minors anything short of a clean pass is withheld, and a
 * streamed reply cannot be redacted after the fact, so {@code redact} stops it.
 */
public final class SafetyPolicy {

  private SafetyPolicy() {}

  public static boolean blocksInput(ModerationVerdict verdict, boolean minor) {
    if (verdict.support() != null) {
      return false;
    }
    return switch (verdict.action()) {
      case BLOCK -> true;
      case FLAG_FOR_REVIEW, REDACT -> minor;
      case ALLOW, UNCHECKED -> false;
    };
  }

  /** How a turn answers a message that signals self-harm. */
  public enum Care {
    /** No self-harm signal. */
    NONE,
    /** The character checks in, then the reply continues under a careful instruction. */
    CHECK_IN_FIRST,
    /** The character's reply is the check-in alone; the model is not asked. */
    CHECK_IN_ONLY
  }

  /**
   * A disclosure of self-harm is never refused: it is answered with support. Minors always get the
   * check-in alone; so does anyone whose message would be blocked for another reason too (the model
   * is not asked about it), or who asks how to hurt themselves.
   */
  public static Care care(ModerationVerdict verdict, boolean minor) {
    if (verdict == null || verdict.support() == null) {
      return Care.NONE;
    }
    if (minor || verdict.categories().contains("self-harm/instructions")) {
      return Care.CHECK_IN_ONLY;
    }
    boolean otherwiseBlocked =
        verdict.action() == ModerationVerdict.Action.BLOCK
            && verdict.categories().stream().anyMatch(c -> !c.startsWith("self-harm"));
    return otherwiseBlocked ? Care.CHECK_IN_ONLY : Care.CHECK_IN_FIRST;
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
    if (verdict.support() != null) {
      return "support";
    }
    return switch (verdict.action()) {
      case UNCHECKED -> "unchecked";
      case ALLOW -> "allowed";
      default -> "flagged";
    };
  }
}
