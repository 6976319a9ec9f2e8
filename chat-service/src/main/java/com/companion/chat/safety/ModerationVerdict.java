package com.companion.chat.safety;

import java.util.List;

/**
 * safety-filter's answer for one text.
 *
 * @param action what the policy for the caller's product and age group wants done
 * @param categories the categories that were flagged
 * @param support what to offer when the text signals self-harm; null otherwise
 */
public record ModerationVerdict(Action action, List<String> categories, Support support) {

  public static final ModerationVerdict ALLOWED = new ModerationVerdict(Action.ALLOW, List.of());
  public static final ModerationVerdict UNCHECKED =
      new ModerationVerdict(Action.UNCHECKED, List.of());

  public ModerationVerdict {
    categories = categories == null ? List.of() : List.copyOf(categories);
  }

  public ModerationVerdict(Action action, List<String> categories) {
    this(action, categories, null);
  }

  /**
   * safety-filter's support for someone who signals self-harm, in their language, set per product.
   *
   * @param locale {@code zh} or {@code en}
   * @param text shown beside the chat
   * @param checkIn what the character says, out of role, before or instead of its reply
   * @param resources help lines
   */
  public record Support(String locale, String text, String checkIn, List<String> resources) {
    public Support {
      resources = resources == null ? List.of() : List.copyOf(resources);
    }
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
