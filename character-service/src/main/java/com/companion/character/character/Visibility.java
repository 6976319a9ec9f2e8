package com.companion.character.character;

import com.companion.platform.web.PlatformProblem;
import java.util.Locale;

/** Who can see a character: its owner only, anyone with the id, or everyone once approved. */
public enum Visibility {
  PRIVATE,
  UNLISTED,
  PUBLIC;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Visibility parse(String value) {
    if (value != null) {
      for (Visibility visibility : values()) {
        if (visibility.value().equals(value)) {
          return visibility;
        }
      }
    }
    throw PlatformProblem.badRequest("visibility must be private, unlisted or public")
        .with("field", "visibility");
  }
}
