package com.companion.character.character;

import java.util.Locale;

/** Where a character stands in moderation; only {@code approved} public ones are discoverable. */
public enum ReviewStatus {
  NONE,
  PENDING,
  APPROVED,
  REJECTED;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ReviewStatus of(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
