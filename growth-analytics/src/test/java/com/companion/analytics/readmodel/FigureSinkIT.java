package com.companion.analytics.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.companion.analytics.figure.Figure;
import com.companion.analytics.figure.FigureKey;
import com.companion.analytics.figure.FigureKind;
import com.companion.analytics.stream.AnalyticsTopics;
import com.companion.analytics.stream.AnalyticsTopology;
import com.companion.testkit.Infra;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The read model's sink against the real PostgreSQL: one poll's figures at a time. */
class FigureSinkIT {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 30);

  private final FigureRows rows = new FigureRows(Infra.dataSource());
  private final FigureSink sink = new FigureSink(rows);
  private final String product = "sink-" + UUID.randomUUID().toString().substring(0, 8);
  private long offset;

  @Test
  void aPollStoresEachFiguresNewestValueAndAnOlderOneNeverReplacesIt() {
    FigureKey daily = new FigureKey(FigureKind.DAILY, product, DAY, "");
    FigureKey character = new FigureKey(FigureKind.CHARACTER, product, DAY, "c1");

    sink.apply(
        List.of(
            record(daily, figure(1, 1)),
            record(character, figure(1, 1)),
            record(daily, figure(3, 3)),
            record(daily, figure(2, 2))));
    assertThat(messages(daily)).isEqualTo(3);
    assertThat(messages(character)).isEqualTo(1);

    // a value delivered again after a partition moved is older than the stored one
    sink.apply(List.of(record(daily, figure(2, 2)), record(character, figure(2, 5))));
    assertThat(messages(daily)).isEqualTo(3);
    assertThat(messages(character)).isEqualTo(5);
  }

  @Test
  void aPollThatFailsInTheDatabaseWritesNothingOfIt() {
    FigureKey daily = new FigureKey(FigureKind.DAILY, product, DAY, "");
    // PostgreSQL refuses a NUL character in text: the second row fails after the first was sent
    FigureKey refused = new FigureKey(FigureKind.CHARACTER, product, DAY, "c\u0000");

    assertThatThrownBy(
            () -> sink.apply(List.of(record(daily, figure(1, 1)), record(refused, figure(1, 1)))))
        .isInstanceOf(RuntimeException.class);

    assertThat(rows.find(FigureKind.DAILY, product, DAY, DAY)).isEmpty();
  }

  private static Figure figure(long revision, long messages) {
    return new Figure(Map.of("messages", messages), revision);
  }

  private ConsumerRecord<String, String> record(FigureKey key, Figure figure) {
    String value =
        new String(
            AnalyticsTopology.FIGURE.serializer().serialize(AnalyticsTopics.FIGURES, figure),
            StandardCharsets.UTF_8);
    return new ConsumerRecord<>(AnalyticsTopics.FIGURES, 0, offset++, key.asString(), value);
  }

  private long messages(FigureKey key) {
    return rows.find(key.kind(), key.product(), key.subject(), key.day(), key.day()).stream()
        .mapToLong(row -> row.get("messages"))
        .sum();
  }
}
