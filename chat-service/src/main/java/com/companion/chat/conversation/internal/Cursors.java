package com.companion.chat.conversation.internal;

import com.companion.platform.web.PlatformProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Opaque list cursors: the last item's activity time and id. */
public final class Cursors {

  private Cursors() {}

  public record Position(Instant updatedAt, UUID id) {}

  public static String encode(Instant updatedAt, UUID id) {
    String raw = updatedAt.getEpochSecond() + ":" + updatedAt.getNano() + ":" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  public static Position decode(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 3);
      return new Position(
          Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
          UUID.fromString(parts[2]));
    } catch (RuntimeException e) {
      throw PlatformProblem.badRequest("cursor is not valid").with("field", "cursor");
    }
  }
}
