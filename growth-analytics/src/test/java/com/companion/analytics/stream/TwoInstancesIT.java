package com.companion.analytics.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.companion.analytics.AnalyticsProperties;
import com.companion.analytics.EventProducer;
import com.companion.analytics.Events;
import com.companion.analytics.figure.Fields;
import com.companion.analytics.figure.FigureKind;
import com.companion.analytics.readmodel.FigureRows;
import com.companion.analytics.readmodel.FigureSink;
import com.companion.contracts.events.Topics;
import com.companion.platform.events.KafkaEventLoop;
import com.companion.testkit.Infra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the stream share the partitions; one of them stops in the middle, and the
 * figures still count every event exactly once.
 */
class TwoInstancesIT {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final int USERS = 12;

  @Test
  void figuresStayRightWhenOneOfTwoInstancesStops() throws Exception {
    String applicationId = "analytics-two-" + UUID.randomUUID();
    AnalyticsProperties first = properties(applicationId, Files.createTempDirectory("first"));
    AnalyticsProperties second = properties(applicationId, Files.createTempDirectory("second"));
    String bootstrap = Infra.kafkaBootstrap();
    AnalyticsStreams.ensureTopics(first, bootstrap);
    FigureRows rows = new FigureRows(Infra.dataSource());
    KafkaEventLoop sink =
        KafkaEventLoop.batched(
            "two-instances-sink",
            bootstrap,
            AnalyticsTopics.FIGURES,
            applicationId + "-read-model",
            Duration.ofSeconds(1),
            new FigureSink(rows)::apply);
    KafkaStreams a = AnalyticsStreams.create(first, bootstrap);
    KafkaStreams b = AnalyticsStreams.create(second, bootstrap);
    String product = "two-" + UUID.randomUUID().toString().substring(0, 8);
    Instant now = Instant.now();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    try (EventProducer events = new EventProducer()) {
      sink.start();
      a.start();
      b.start();
      await().atMost(WAIT).until(() -> running(a) && running(b));
      assertThat(activeTasks(a)).isPositive();
      assertThat(activeTasks(b)).isPositive();

      for (int user = 0; user < USERS; user++) {
        String conversation = "conv-" + UUID.randomUUID();
        events.send(
            Topics.CHAT_TURN,
            conversation,
            Events.turn(product, "u" + user, now, conversation, "send", "v1", 100L));
      }
      await().atMost(WAIT).until(() -> daily(rows, product, today, Fields.MESSAGES) == USERS);

      a.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(30)));
      for (int user = 0; user < USERS; user++) {
        String conversation = "conv-" + UUID.randomUUID();
        String event =
            Events.turn(product, "u" + user, now.plusSeconds(60), conversation, "send", "v1", 100L);
        events.send(Topics.CHAT_TURN, conversation, event);
        events.send(Topics.CHAT_TURN, conversation, event); // and a repeat
      }
      await().atMost(WAIT).until(() -> daily(rows, product, today, Fields.MESSAGES) == 2 * USERS);
      assertThat(daily(rows, product, today, Fields.DAU)).isEqualTo(USERS);
      assertThat(daily(rows, product, today, Fields.CONVERSATIONS)).isEqualTo(2 * USERS);
      assertThat(daily(rows, product, today, Fields.NEW_USERS)).isEqualTo(USERS);
    } finally {
      a.close(Duration.ofSeconds(10));
      b.close(Duration.ofSeconds(10));
      sink.stop();
    }
  }

  private static boolean running(KafkaStreams streams) {
    return streams.state() == KafkaStreams.State.RUNNING && activeTasks(streams) > 0;
  }

  private static int activeTasks(KafkaStreams streams) {
    return streams.metadataForLocalThreads().stream()
        .mapToInt(thread -> thread.activeTasks().size())
        .sum();
  }

  private static long daily(FigureRows rows, String product, LocalDate day, String field) {
    List<FigureRows.Row> found = rows.find(FigureKind.DAILY, product, day, day);
    return found.isEmpty() ? 0 : found.getFirst().get(field);
  }

  private static AnalyticsProperties properties(String applicationId, Path stateDir) {
    return new AnalyticsProperties(
        applicationId,
        stateDir,
        Duration.ofHours(48),
        Duration.ofMinutes(30),
        Duration.ofDays(3),
        Duration.ofMillis(500),
        4,
        (short) -1,
        1,
        0,
        true,
        true);
  }
}
