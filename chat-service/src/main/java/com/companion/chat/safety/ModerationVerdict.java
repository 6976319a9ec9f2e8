package com.companion.chat.safety;

import java.util.List;

/**
 * safety-filter's answer for one text.
 *
 * @param action what the policy for the caller's product and age group wants done
 * @param categories the categories that were flagged
 */
public record ModerationVerdict(Action action, List<String> categories) {

  public static final ModerationVerdict ALLOWED = new ModerationVerdict(Action.ALLOW, List.of());
  public static final ModerationVerdict UNCHECKED =
      new ModerationVerdict(Action.UNCHECKED, List.of());

  public ModerationVerdict {
    categories = categories == null ? List.of() : List.copyOf(categories);
  }

  public enum Action {
    ALLOW,
    BLOCK,
    FLAG_FOR_REVIEW,
    REDACT,
    /** No check was made (content checks switched off). */
    UNCHECKED;

    public static Action parse(String value) {
      if (value == null) {
        return ALLOW;
      }
      return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "block" -> BLOCK;
        case "flag_for_review" -> FLAG_FOR_REVIEW;
        case "redact" -> REDACT;
        default -> ALLOW;
      };
    }
  }
}
