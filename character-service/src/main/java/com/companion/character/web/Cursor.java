package com.companion.character.web;

import com.companion.platform.web.PlatformProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * An opaque keyset cursor: the sort value and id of the last item of a page, base64url-encoded. The
 * next page starts strictly after that pair, so rows inserted meanwhile never shift a page.
 *
 * @param kind which ordering the cursor belongs to; a cursor of another ordering is rejected
 */
public record Cursor(String kind, String value, UUID id) {

  /** A cursor at a row's time, to the microsecond: the precision PostgreSQL keeps. */
  public static Cursor at(String kind, Instant time, UUID id) {
    return new Cursor(
        kind, Long.toString(time.getEpochSecond() * 1_000_000L + time.getNano() / 1_000), id);
  }

  public String encode() {
    String raw = kind + "|" + value + "|" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes a cursor of the expected kind, or returns null for no cursor; 400 when malformed. */
  public static Cursor decode(String text, String expectedKind) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      String[] parts = raw.split("\\|", 3);
      if (parts.length != 3 || !parts[0].equals(expectedKind)) {
        throw PlatformProblem.badRequest("the cursor belongs to another list or sort order");
      }
      return new Cursor(parts[0], parts[1], UUID.fromString(parts[2]));
    } catch (IllegalArgumentException e) {
      throw PlatformProblem.badRequest("malformed cursor");
    }
  }

  /**
   * Timestamps in cursors are microseconds since the epoch; PostgreSQL keeps years up to 294276,
   * but anything outside 1970..9999 cannot come from a real row and would fail in the database.
   */
  static final long MAX_MICROS = 253_402_300_799_999_999L;

  /** A count or timestamp in microseconds; 400 unless it is a plain non-negative number. */
  public long longValue() {
    long parsed;
    try {
      parsed = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw PlatformProblem.badRequest("malformed cursor");
    }
    if (parsed < 0 || parsed > MAX_MICROS) {
      throw PlatformProblem.badRequest("malformed cursor");
    }
    return parsed;
  }

  /** A time written by {@link #at}; 400 unless it is a plausible one. */
  public Instant instantValue() {
    long micros = longValue();
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L))
        .plusNanos(Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** A score; 400 unless finite (NaN and infinities never come from a real row). */
  public double doubleValue() {
    double parsed;
    try {
      parsed = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw PlatformProblem.badRequest("malformed cursor");
    }
    if (!Double.isFinite(parsed)) {
      throw PlatformProblem.badRequest("malformed cursor");
    }
    return parsed;
  }
}
