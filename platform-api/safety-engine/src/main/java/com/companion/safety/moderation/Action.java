package com.companion.safety.moderation;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What the caller should do with the text, from the least to the most severe. */
public enum Action {
  ALLOW,
  FLAG_FOR_REVIEW,
  REDACT,
  BLOCK;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Action max(Action other) {
    return other.ordinal() > ordinal() ? other : this;
  }

  public static Action fromWire(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }
}
