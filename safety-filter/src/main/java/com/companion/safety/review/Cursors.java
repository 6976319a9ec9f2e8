package com.companion.safety.review;

import com.companion.platform.web.PlatformProblem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** Opaque list cursors and id parsing that answer 400/404 instead of 500. */
final class Cursors {

  private Cursors() {}

  static String of(int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  static int offset(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return 0;
    }
    try {
      String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int o = Integer.parseInt(s.substring(2));
      if (!s.startsWith("o:") || o < 0) {
        throw new IllegalArgumentException();
      }
      return o;
    } catch (RuntimeException e) {
      throw PlatformProblem.badRequest("invalid cursor").with("field", "cursor");
    }
  }

  static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw PlatformProblem.notFound("no such item");
    }
  }
}
