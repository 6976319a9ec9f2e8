package com.companion.analytics.stream;

import com.companion.analytics.AnalyticsProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the topology: creates the topics it needs when they are missing, then starts Kafka Streams
 * with {@code exactly_once_v2}. A failing stream thread is replaced rather than stopping the
 * instance; the broker being away only delays the figures, the API keeps answering.
 */
public final class AnalyticsStreams implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(AnalyticsStreams.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration RETRY = Duration.ofSeconds(2);
  private static final int METADATA_ATTEMPTS = 50;
  private static final Duration METADATA_PAUSE = Duration.ofMillis(100);

  private final AnalyticsProperties properties;
  private final String bootstrapServers;
  private volatile KafkaStreams streams;
  private volatile boolean running;
  private Thread starter;

  public AnalyticsStreams(AnalyticsProperties properties, String bootstrapServers) {
    this.properties = properties;
    this.bootstrapServers = bootstrapServers;
  }

  /** The Kafka Streams configuration, also used by tests and the rebuild. */
  public static Properties config(AnalyticsProperties p, String bootstrapServers) {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, p.applicationId());
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, p.commitInterval().toMillis());
    config.put(StreamsConfig.STATE_DIR_CONFIG, p.stateDir().toString());
    config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, p.streamThreads());
    config.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, p.standbyReplicas());
    config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) p.replicationFactor());
    config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 10L * 1024 * 1024);
    // figures are read a commit interval late anyway: a fetch per half second rather than per
    // event saves the broker and the stream thread a round each time
    config.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), 64 * 1024);
    config.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 500);
    return config;
  }

  public static KafkaStreams create(AnalyticsProperties p, String bootstrapServers) {
    KafkaStreams streams =
        new KafkaStreams(
            AnalyticsTopology.build(
                p.grace(), p.sessionGap(), p.conversationRetention(), p.persistentStores()),
            config(p, bootstrapServers));
    streams.setUncaughtExceptionHandler(
        e -> {
          log.error("stream thread failed; replacing it", e);
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    return streams;
  }

  /** Creates the input and output topics that do not exist yet. */
  public static void ensureTopics(AnalyticsProperties p, String bootstrapServers)
      throws InterruptedException, ExecutionException {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Set<String> existing = admin.listTopics().names().get();
      Optional<Short> replication =
          p.replicationFactor() < 0 ? Optional.empty() : Optional.of(p.replicationFactor());
      List<NewTopic> missing = new ArrayList<>();
      for (String topic : AnalyticsTopics.INPUT) {
        if (!existing.contains(topic)) {
          missing.add(new NewTopic(topic, Optional.of(p.topicPartitions()), replication));
        }
      }
      if (!existing.contains(AnalyticsTopics.FIGURES)) {
        missing.add(
            new NewTopic(AnalyticsTopics.FIGURES, Optional.of(p.topicPartitions()), replication)
                .configs(
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
      }
      if (!existing.contains(AnalyticsTopics.DEAD_LETTER)) {
        missing.add(new NewTopic(AnalyticsTopics.DEAD_LETTER, Optional.of(1), replication));
      }
      for (NewTopic topic : missing) {
        try {
          admin.createTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
      awaitMetadata(admin, missing.stream().map(NewTopic::name).toList());
    }
  }

  /**
   * Waits until the broker describes every new topic with its partitions: a stream started before
   * that fails its first assignment with missing source topics and loses a rebalance round.
   */
  private static void awaitMetadata(Admin admin, List<String> topics) throws InterruptedException {
    for (int attempt = 0; attempt < METADATA_ATTEMPTS && !topics.isEmpty(); attempt++) {
      try {
        admin.describeTopics(topics).allTopicNames().get();
        return;
      } catch (ExecutionException e) {
        Thread.sleep(METADATA_PAUSE);
      }
    }
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    starter = Thread.ofPlatform().daemon().name("analytics-streams-start").start(this::run);
  }

  private void run() {
    while (running) {
      try {
        ensureTopics(properties, bootstrapServers);
        KafkaStreams created = create(properties, bootstrapServers);
        synchronized (this) {
          if (!running) {
            return;
          }
          streams = created;
          created.start();
        }
        log.info("analytics streams started as {}", properties.applicationId());
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        log.warn("cannot start the analytics streams yet, retrying in {}", RETRY, e);
        try {
          Thread.sleep(RETRY);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** The stream's state, or {@code NOT_STARTED} before the topics could be created. */
  public String state() {
    KafkaStreams s = streams;
    return s == null ? "NOT_STARTED" : s.state().name();
  }

  @Override
  public void stop() {
    KafkaStreams s;
    synchronized (this) {
      running = false;
      s = streams;
      streams = null;
    }
    if (starter != null) {
      starter.interrupt();
    }
    if (s != null) {
      // leaving the group hands this instance's partitions to the others at once, instead of
      // after the session timeout
      s.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(CLOSE_TIMEOUT));
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
