package com.companion.platform.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * An opaque list cursor: where the next page starts, as the {@code kind} of list it belongs to and
 * a few fields naming the last row of the page (for a keyset, its sort value and id). On the wire
 * it is URL-safe base64 of the kind and the fields joined by {@code |}, so a client passes it back
 * as it came.
 *
 * <p>What comes back is the client's: {@link #decode} and the typed readers answer a 400 problem
 * ({@code "field": "cursor"}) for anything that is not a cursor of the expected kind, never a 500.
 *
 * @param kind which list and ordering the cursor belongs to; a cursor of another is refused
 * @param fields the position, as {@link #of} writes it
 */
public record PageCursor(String kind, List<String> fields) {

  private static final String SEPARATOR = "|";

  /**
   * Timestamps are microseconds since the epoch, the precision PostgreSQL keeps, so a cursor at a
   * row's time compares equal to it. Anything outside 1970..9999 cannot come from a real row.
   */
  static final long MAX_MICROS = 253_402_300_799_999_999L;

  public PageCursor {
    fields = List.copyOf(fields);
    if (kind.isEmpty() || kind.contains(SEPARATOR)) {
      throw new IllegalArgumentException("a cursor kind is a non-empty word: " + kind);
    }
    for (String field : fields) {
      if (field.contains(SEPARATOR)) {
        throw new IllegalArgumentException("a cursor field holds no '|': " + field);
      }
    }
  }

  /**
   * A cursor of the given fields: a time is written to the microsecond (see {@link #instant}), a
   * constant by its name, anything else as its {@code toString()}.
   */
  public static PageCursor of(String kind, Object... fields) {
    return new PageCursor(kind, Arrays.stream(fields).map(PageCursor::written).toList());
  }

  public String encode() {
    String raw = kind + SEPARATOR + String.join(SEPARATOR, fields);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The cursor a client passed back, or {@code null} for none.
   *
   * @param size how many fields a cursor of {@code expectedKind} has
   * @throws PlatformProblem 400 when it is malformed, of another kind, or of another size
   */
  public static PageCursor decode(String text, String expectedKind, int size) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String raw;
    try {
      raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw malformed();
    }
    String[] parts = raw.split("\\|", -1);
    if (!parts[0].equals(expectedKind)) {
      throw badRequest("the cursor belongs to another list or sort order");
    }
    if (parts.length != size + 1) {
      throw malformed();
    }
    return new PageCursor(parts[0], List.of(parts).subList(1, parts.length));
  }

  /** Field {@code index} as written. */
  public String text(int index) {
    return fields.get(index);
  }

  /** Field {@code index} as a count, offset or version; 400 unless a plain non-negative number. */
  public long number(int index) {
    long value;
    try {
      value = Long.parseLong(fields.get(index));
    } catch (NumberFormatException e) {
      throw malformed();
    }
    if (value < 0) {
      throw malformed();
    }
    return value;
  }

  /** Field {@code index} as a score; 400 unless finite (NaN and infinities come from no row). */
  public double decimal(int index) {
    double value;
    try {
      value = Double.parseDouble(fields.get(index));
    } catch (NumberFormatException e) {
      throw malformed();
    }
    if (!Double.isFinite(value)) {
      throw malformed();
    }
    return value;
  }

  /** Field {@code index} as a time written by {@link #of}; 400 unless a plausible one. */
  public Instant instant(int index) {
    long micros = number(index);
    if (micros > MAX_MICROS) {
      throw malformed();
    }
    return Instant.ofEpochSecond(micros / 1_000_000L, (micros % 1_000_000L) * 1_000L);
  }

  /** Field {@code index} as an id; 400 unless a UUID. */
  public UUID uuid(int index) {
    try {
      return UUID.fromString(fields.get(index));
    } catch (IllegalArgumentException e) {
      throw malformed();
    }
  }

  /** Field {@code index} as one of {@code type}'s constants, by name; 400 for any other. */
  public <E extends Enum<E>> E constant(int index, Class<E> type) {
    try {
      return Enum.valueOf(type, fields.get(index));
    } catch (IllegalArgumentException e) {
      throw malformed();
    }
  }

  private static String written(Object field) {
    return switch (field) {
      case Instant time ->
          Long.toString(time.getEpochSecond() * 1_000_000L + time.getNano() / 1_000);
      case Enum<?> constant -> constant.name();
      default -> String.valueOf(field);
    };
  }

  /** The 400 of a cursor that is not one of ours, for a feature's own checks of its fields. */
  public static PlatformProblem malformed() {
    return badRequest("malformed cursor");
  }

  private static PlatformProblem badRequest(String detail) {
    return PlatformProblem.badRequest(detail).with("field", "cursor");
  }
}
