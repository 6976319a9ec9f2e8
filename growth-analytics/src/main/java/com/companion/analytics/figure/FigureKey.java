package com.companion.analytics.figure;

import java.time.LocalDate;

/**
 * Names one figure: its kind, product, UTC day and subject. The string form is the Kafka key of the
 * figure and the primary key of its row, e.g. {@code daily|glow|2026-11-30|}.
 *
 * @param product the product, or {@code ""} for a figure across products (model versions)
 * @param subject a character id, model version or dead-letter reason; {@code ""} for none
 */
public record FigureKey(FigureKind kind, String product, LocalDate day, String subject) {

  private static final String SEPARATOR = "|";

  public FigureKey {
    product = product == null ? "" : product;
    subject = subject == null ? "" : subject;
  }

  public static FigureKey of(FigureKind kind, String product, long epochDay) {
    return new FigureKey(kind, product, LocalDate.ofEpochDay(epochDay), "");
  }

  public static FigureKey of(FigureKind kind, String product, long epochDay, String subject) {
    return new FigureKey(kind, product, LocalDate.ofEpochDay(epochDay), subject);
  }

  public String asString() {
    return kind.id() + SEPARATOR + product + SEPARATOR + day + SEPARATOR + subject;
  }

  public static FigureKey parse(String key) {
    String[] parts = key.split("\\|", 4);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not a figure key: " + key);
    }
    return new FigureKey(
        FigureKind.fromId(parts[0]), parts[1], LocalDate.parse(parts[2]), parts[3]);
  }
}
