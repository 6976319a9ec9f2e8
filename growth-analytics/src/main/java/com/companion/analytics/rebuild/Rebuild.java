package com.companion.analytics.rebuild;

import com.companion.analytics.AnalyticsProperties;
import com.companion.analytics.figure.Figure;
import com.companion.analytics.readmodel.FigureRows;
import com.companion.analytics.stream.AnalyticsStreams;
import com.companion.analytics.stream.AnalyticsTopics;
import com.companion.analytics.stream.AnalyticsTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@code ./platform analytics rebuild}: recomputes every figure from the beginning of the topics in
 * a stream of its own (a new application id, so a fresh consumer group and fresh state), up to the
 * end the topics had when it started, and compares the result with the live read model.
 *
 * <p>It never writes the read model: when the figures must be replaced (a fixed definition),
 * restart growth-analytics with a new {@code analytics.application-id}, which recomputes from the
 * beginning the same way.
 */
public final class Rebuild {

  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration TIMEOUT = Duration.ofMinutes(30);
  private static final int SETTLED_ROUNDS = 3;
  private static final int SHOWN_DIFFERENCES = 10;
  private static final int DEFAULT_PARTITIONS = 4;

  private Rebuild() {}

  /** Options: {@code --kafka=}, {@code --db-url=}, {@code --db-user=}, {@code --db-password=}. */
  public static int run(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      if (arg.startsWith("--") && arg.contains("=")) {
        options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      }
    }
    String kafka = options.getOrDefault("kafka", env("KAFKA_BOOTSTRAP", "127.0.0.1:9092"));
    DriverManagerDataSource db =
        new DriverManagerDataSource(
            options.getOrDefault(
                "db-url", env("DB_URL", "jdbc:postgresql://127.0.0.1:5432/companion")),
            options.getOrDefault("db-user", env("DB_USER", "postgres")),
            options.getOrDefault("db-password", env("DB_PASSWORD", "")));
    Result result = rebuild(kafka, new FigureRows(db));
    System.out.print(result.report());
    return result.same() ? 0 : 1;
  }

  /** What the rebuild found. */
  public record Result(int rebuilt, int live, int equal, List<String> differences, Duration took) {

    public boolean same() {
      return differences.isEmpty();
    }

    String report() {
      StringBuilder out = new StringBuilder();
      out.append(
          String.format(
              "rebuilt %d figures from the beginning of the topics in %d s; live read model has %d%n",
              rebuilt, took.toSeconds(), live));
      out.append(String.format("equal: %d, different: %d%n", equal, differences.size()));
      differences.stream()
          .limit(SHOWN_DIFFERENCES)
          .forEach(line -> out.append("  ").append(line).append('\n'));
      out.append(same() ? "same figures\n" : "figures differ\n");
      return out.toString();
    }
  }

  public static Result rebuild(String kafka, FigureRows rows) throws Exception {
    return rebuild(kafka, rows, key -> true);
  }

  /** Rebuilds everything, and compares the figures whose keys {@code compared} accepts. */
  public static Result rebuild(String kafka, FigureRows rows, Predicate<String> compared)
      throws Exception {
    Instant started = Instant.now();
    String id = "growth-analytics-rebuild-" + started.toEpochMilli();
    String output = id + "-figures";
    Path stateDir = Files.createTempDirectory("analytics-rebuild");
    AnalyticsProperties p =
        new AnalyticsProperties(
            id,
            stateDir,
            Duration.ofHours(48),
            Duration.ofMinutes(30),
            Duration.ofDays(3),
            Duration.ofMillis(500),
            DEFAULT_PARTITIONS,
            (short) -1,
            1,
            0,
            true,
            false);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
      AnalyticsStreams.ensureTopics(p, kafka);
      admin
          .createTopics(List.of(new NewTopic(output, Optional.of(1), Optional.empty())))
          .all()
          .get();
      Map<TopicPartition, Long> end = inputEnds(admin);
      Properties config = AnalyticsStreams.config(p, kafka);
      config.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
      KafkaStreams streams =
          new KafkaStreams(
              AnalyticsTopology.build(
                  p.grace(), p.sessionGap(), p.conversationRetention(), false, output),
              config);
      Map<String, Map<String, Long>> rebuilt;
      try {
        streams.start();
        awaitCaughtUp(admin, id, end);
        rebuilt = figures(streams);
      } finally {
        streams.close(Duration.ofSeconds(20));
        streams.cleanUp();
        admin.deleteTopics(List.of(output));
        admin.deleteConsumerGroups(List.of(id));
      }
      Map<String, Map<String, Long>> live = new TreeMap<>(rows.all());
      rebuilt.keySet().removeIf(compared.negate());
      live.keySet().removeIf(compared.negate());
      return compare(rebuilt, live, Duration.between(started, Instant.now()));
    }
  }

  static Result compare(
      Map<String, Map<String, Long>> rebuilt, Map<String, Map<String, Long>> live, Duration took) {
    List<String> differences = new ArrayList<>();
    int equal = 0;
    TreeSet<String> keys = new TreeSet<>(rebuilt.keySet());
    keys.addAll(live.keySet());
    for (String key : keys) {
      Map<String, Long> a = nonZero(rebuilt.get(key));
      Map<String, Long> b = nonZero(live.get(key));
      if (a.isEmpty() && b.isEmpty()) {
        continue;
      }
      if (Objects.equals(a, b)) {
        equal++;
      } else {
        differences.add(key + " rebuilt " + a + " live " + b);
      }
    }
    return new Result(rebuilt.size(), live.size(), equal, differences, took);
  }

  private static Map<String, Long> nonZero(Map<String, Long> fields) {
    if (fields == null) {
      return Map.of();
    }
    return fields.entrySet().stream()
        .filter(e -> e.getValue() != 0)
        .collect(
            Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (x, y) -> x, TreeMap::new));
  }

  private static Map<TopicPartition, Long> inputEnds(Admin admin) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    admin
        .describeTopics(AnalyticsTopics.INPUT)
        .allTopicNames()
        .get()
        .forEach(
            (topic, description) ->
                description
                    .partitions()
                    .forEach(
                        p ->
                            request.put(
                                new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
    Map<TopicPartition, Long> end = new HashMap<>();
    admin.listOffsets(request).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
    return end;
  }

  /**
   * Waits until the rebuild's group has committed the input topics up to where they ended at the
   * start, and its internal topics have stopped moving (their last transaction marker may stay one
   * offset ahead).
   */
  private static void awaitCaughtUp(Admin admin, String group, Map<TopicPartition, Long> end)
      throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    long previousLag = -1;
    int settled = 0;
    while (Instant.now().isBefore(deadline)) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      boolean inputsDone =
          end.entrySet().stream()
              .allMatch(
                  e -> {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    return e.getValue() == 0 || (c != null && c.offset() >= e.getValue());
                  });
      long internalLag = 0;
      Map<TopicPartition, OffsetSpec> internal = new HashMap<>();
      committed.keySet().stream()
          .filter(tp -> tp.topic().startsWith(group))
          .forEach(tp -> internal.put(tp, OffsetSpec.latest()));
      if (!internal.isEmpty()) {
        for (var e : admin.listOffsets(internal).all().get().entrySet()) {
          internalLag +=
              Math.max(0, e.getValue().offset() - committed.get(e.getKey()).offset() - 1);
        }
      }
      if (inputsDone && internalLag == 0 && internalLag == previousLag) {
        if (++settled >= SETTLED_ROUNDS) {
          return;
        }
      } else {
        settled = 0;
      }
      previousLag = inputsDone ? internalLag : -1;
      Thread.sleep(POLL);
    }
    throw new IllegalStateException("the rebuild did not catch up within " + TIMEOUT);
  }

  private static Map<String, Map<String, Long>> figures(KafkaStreams streams) {
    ReadOnlyKeyValueStore<String, Figure> store =
        streams.store(
            StoreQueryParameters.fromNameAndType(
                AnalyticsTopology.FIGURES_STORE, QueryableStoreTypes.keyValueStore()));
    Map<String, Map<String, Long>> all = new TreeMap<>();
    try (KeyValueIterator<String, Figure> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, Figure> entry = it.next();
        all.put(entry.key, entry.value.fields());
      }
    }
    return all;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
