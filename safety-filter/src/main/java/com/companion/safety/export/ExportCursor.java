package com.companion.safety.export;

import com.companion.platform.web.PlatformProblem;
import com.companion.safety.export.internal.ExportStore.Position;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Where the next page of a user's export starts: after a row of one of its lists, in rows created
 * up to the first page's time. Opaque to the client (base64url).
 */
record ExportCursor(Instant asOf, ExportCursor.Part part, Position after) {

  /** The export's lists, in the order the pages run through them. */
  enum Part {
    REPORTS,
    STRIKES,
    SANCTIONS;

    /** Reports have UUIDs; strikes and sanctions numbers. */
    boolean isValidId(String id) {
      try {
        if (this == REPORTS) {
          UUID.fromString(id);
        } else if (Long.parseLong(id) < 1) {
          return false;
        }
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
  }

  /**
   * Timestamps are kept to the microsecond, PostgreSQL's precision: a cursor at a row's own time
   * must compare equal to it.
   */
  String encode() {
    String raw =
        micros(asOf) + "|" + part.name() + "|" + micros(after.createdAt()) + "|" + after.id();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor a client passed back, or {@code null} for none; 400 when it is not one of ours. */
  static ExportCursor decode(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      String[] parts = raw.split("\\|", 4);
      if (parts.length != 4) {
        throw malformed();
      }
      Part part = Part.valueOf(parts[1]);
      if (!part.isValidId(parts[3])) {
        throw malformed();
      }
      return new ExportCursor(instant(parts[0]), part, new Position(instant(parts[2]), parts[3]));
    } catch (IllegalArgumentException e) {
      throw malformed();
    }
  }

  static long micros(Instant time) {
    return time.getEpochSecond() * 1_000_000L + time.getNano() / 1_000;
  }

  /** Anything outside 1970..9999 cannot come from a row and would fail in the database. */
  private static final long MAX_MICROS = 253_402_300_799_999_999L;

  private static Instant instant(String micros) {
    long value = Long.parseLong(micros);
    if (value < 0 || value > MAX_MICROS) {
      throw malformed();
    }
    return Instant.ofEpochSecond(value / 1_000_000L, (value % 1_000_000L) * 1_000L);
  }

  private static PlatformProblem malformed() {
    return PlatformProblem.badRequest("malformed cursor").with("field", "cursor");
  }
}
