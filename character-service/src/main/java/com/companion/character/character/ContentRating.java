package com.companion.character.character;

import com.companion.platform.web.PlatformProblem;
import java.util.Locale;

/**
 * Who a character's content is for: {@code general} (anyone, the default) or {@code mature} (adults
 * only: minors can neither find nor open it).
 */
public enum ContentRating {
  GENERAL,
  MATURE;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ContentRating parse(String value) {
    if (value != null) {
      for (ContentRating rating : values()) {
        if (rating.value().equals(value)) {
          return rating;
        }
      }
    }
    throw PlatformProblem.badRequest("content_rating must be general or mature")
        .with("field", "content_rating");
  }
}
