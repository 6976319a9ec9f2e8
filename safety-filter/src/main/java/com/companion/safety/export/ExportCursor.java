package com.companion.safety.export;

import com.companion.platform.web.PageCursor;
import com.companion.safety.export.internal.ExportStore.Position;
import java.time.Instant;
import java.util.UUID;

/**
 * Where the next page of a user's export starts: after a row of one of its lists, in rows created
 * up to the first page's time. Written through the platform's {@link PageCursor}, so it is opaque
 * to the client and anything else comes back as a 400.
 */
record ExportCursor(Instant asOf, ExportCursor.Part part, Position after) {

  private static final String KIND = "safety-export";

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

  String encode() {
    return PageCursor.of(KIND, asOf, part, after.createdAt(), after.id()).encode();
  }

  /** The cursor a client passed back, or {@code null} for none; 400 when it is not one of ours. */
  static ExportCursor decode(String text) {
    PageCursor cursor = PageCursor.decode(text, KIND, 4);
    if (cursor == null) {
      return null;
    }
    Part part = cursor.constant(1, Part.class);
    String id = cursor.text(3);
    if (!part.isValidId(id)) {
      throw PageCursor.malformed();
    }
    return new ExportCursor(cursor.instant(0), part, new Position(cursor.instant(2), id));
  }
}
