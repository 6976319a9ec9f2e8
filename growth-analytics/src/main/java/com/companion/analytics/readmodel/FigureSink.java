package com.companion.analytics.readmodel;

import com.companion.analytics.figure.Figure;
import com.companion.analytics.figure.FigureKey;
import com.companion.analytics.stream.AnalyticsTopology;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Applies {@code analytics.figures} to the read model. Each record holds a figure's whole latest
 * value, so applying it again is harmless: at-least-once delivery (the contracts' event loop,
 * {@code read_committed}) gives the exact figures the exactly-once stream computed. A poll's
 * records of a partition are applied together: only each figure's newest value, in one transaction
 * (under load the stream sends a figure several times between two polls).
 */
public final class FigureSink {

  private final FigureRows rows;

  public FigureSink(FigureRows rows) {
    this.rows = rows;
  }

  public void apply(List<ConsumerRecord<String, String>> records) {
    Map<FigureKey, Figure> newest = new LinkedHashMap<>();
    for (ConsumerRecord<String, String> record : records) {
      if (record.key() == null || record.value() == null) {
        continue;
      }
      Figure figure =
          AnalyticsTopology.FIGURE
              .deserializer()
              .deserialize(record.topic(), record.value().getBytes(StandardCharsets.UTF_8));
      newest.merge(
          FigureKey.parse(record.key()),
          figure,
          (kept, later) -> later.revision() >= kept.revision() ? later : kept);
    }
    rows.upsert(newest);
  }
}
