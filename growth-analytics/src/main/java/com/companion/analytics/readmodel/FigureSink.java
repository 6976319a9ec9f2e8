package com.companion.analytics.readmodel;

import com.companion.analytics.figure.Figure;
import com.companion.analytics.figure.FigureKey;
import com.companion.analytics.stream.AnalyticsTopology;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Applies {@code analytics.figures} to the read model. Each record holds a figure's whole latest
 * value, so applying it again is harmless: at-least-once delivery (the contracts' event loop,
 * {@code read_committed}) gives the exact figures the exactly-once stream computed.
 */
public final class FigureSink {

  private final FigureRows rows;

  public FigureSink(FigureRows rows) {
    this.rows = rows;
  }

  public void apply(ConsumerRecord<String, String> record) {
    if (record.key() == null || record.value() == null) {
      return;
    }
    Figure figure =
        AnalyticsTopology.FIGURE
            .deserializer()
            .deserialize(
                record.topic(), record.value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    rows.upsert(FigureKey.parse(record.key()), figure);
  }
}
