package com.companion.platform.events;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * One topic, one consumer group, one thread: polls, hands every record to the handler and commits
 * an offset only after the handler returned (its database transaction has committed), so delivery
 * is at least once; handlers de-duplicate by event id. A handler failure (database down) rewinds
 * the partition to the failed record and retries after a pause, so nothing is skipped. Kafka being
 * down only delays consumption: nothing here is part of readiness or of any HTTP request.
 *
 * <p>A {@linkplain #batched batched} loop hands a partition's records of one poll to its handler at
 * once, so that a handler can apply them in one transaction; a failure rewinds to the first of
 * them.
 */
public final class KafkaEventLoop implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(KafkaEventLoop.class);

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);
  private static final int FETCH_MIN_BYTES = 64 * 1024;
  private static final int FETCH_MAX_WAIT_MILLIS = 500;

  private final String name;
  private final String topic;
  private final Properties config;
  private final Duration retryBackoff;
  private final boolean autoStartup;
  private final Applier applier;
  private volatile boolean running;
  private volatile KafkaConsumer<String, String> consumer;
  private Thread thread;

  /** A loop that starts with the application context. */
  public KafkaEventLoop(
      String name,
      String bootstrapServers,
      String topic,
      String groupId,
      Duration retryBackoff,
      Consumer<ConsumerRecord<String, String>> handler) {
    this(name, bootstrapServers, topic, groupId, retryBackoff, true, each(name, handler));
  }

  /**
   * A loop that hands each partition's records of a poll to the handler in one call, in offset
   * order: when the handler throws, none of them counts as applied.
   */
  public static KafkaEventLoop batched(
      String name,
      String bootstrapServers,
      String topic,
      String groupId,
      Duration retryBackoff,
      Consumer<List<ConsumerRecord<String, String>>> handler) {
    return new KafkaEventLoop(
        name,
        bootstrapServers,
        topic,
        groupId,
        retryBackoff,
        true,
        records -> {
          try {
            handler.accept(records);
            return null;
          } catch (RuntimeException e) {
            log.warn(
                "{}: {} records from {}@{} not applied, retrying in {}",
                name,
                records.size(),
                records.getFirst().partition(),
                records.getFirst().offset(),
                retryBackoff,
                e);
            return records.getFirst();
          }
        });
  }

  /**
   * The loop of a consumer as its settings describe it. Turned off ({@link
   * ConsumerSettings#consume()} false) it is still a bean, one that never starts with the context:
   * nothing connects to Kafka, and the off switch lives in the settings rather than in a condition
   * on each service's bean.
   */
  public KafkaEventLoop(
      String name,
      String bootstrapServers,
      ConsumerSettings settings,
      Consumer<ConsumerRecord<String, String>> handler) {
    this(
        name,
        bootstrapServers,
        settings.topic(),
        settings.groupId(),
        settings.retryBackoff(),
        settings.consume(),
        each(name, handler));
    if (!autoStartup) {
      log.info("{}: off, {} is not consumed", name, topic);
    }
  }

  private KafkaEventLoop(
      String name,
      String bootstrapServers,
      String topic,
      String groupId,
      Duration retryBackoff,
      boolean autoStartup,
      Applier applier) {
    this.name = name;
    this.topic = topic;
    this.retryBackoff = retryBackoff;
    this.autoStartup = autoStartup;
    this.applier = applier;
    this.config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // a new group starts at the beginning: nothing written before the first start is missed
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
    // gather what arrives within half a second into one fetch: under load a fetch, a handler
    // round and an offset commit per event cost the broker and this service more than the events
    // themselves; nothing consumed here needs sub-second delivery
    config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES);
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MILLIS);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
  }

  @Override
  public boolean isAutoStartup() {
    return autoStartup;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = Thread.ofPlatform().daemon().name(name).start(this::run);
  }

  @Override
  public void stop() {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
    }
    KafkaConsumer<String, String> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (t != null) {
      try {
        t.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    while (running) {
      KafkaConsumer<String, String> c = new KafkaConsumer<>(config);
      consumer = c;
      try {
        c.subscribe(List.of(topic));
        while (running) {
          pollOnce(c);
        }
      } catch (WakeupException e) {
        return;
      } catch (KafkaException e) {
        // misconfiguration or a fatal client error: start over with a fresh client
        log.warn("{}: consumer failed, restarting in {}", name, retryBackoff, e);
        pause();
      } finally {
        consumer = null;
        // bounded: with the broker gone, leaving the group must not hold up shutdown
        c.close(CloseOptions.timeout(CLOSE_TIMEOUT));
      }
    }
  }

  private void pollOnce(KafkaConsumer<String, String> c) {
    ConsumerRecords<String, String> records = c.poll(Duration.ofMillis(500));
    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    boolean failed = false;
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, String>> polled = records.records(partition);
      ConsumerRecord<String, String> stuck = applier.apply(polled);
      long next = stuck == null ? polled.getLast().offset() + 1 : stuck.offset();
      if (next > polled.getFirst().offset()) {
        done.put(partition, new OffsetAndMetadata(next));
      }
      if (stuck != null) {
        c.seek(partition, stuck.offset());
        failed = true;
      }
    }
    if (!done.isEmpty()) {
      try {
        c.commitSync(done);
      } catch (KafkaException e) {
        if (e instanceof WakeupException w) {
          throw w;
        }
        // the records were applied and recorded as processed: a redelivery is skipped
        log.warn("{}: offset commit failed, records will be redelivered", name, e);
      }
    }
    if (failed) {
      pause();
    }
  }

  /** Applies a partition's records of one poll in order; answers the first not applied, or null. */
  @FunctionalInterface
  private interface Applier {
    ConsumerRecord<String, String> apply(List<ConsumerRecord<String, String>> records);
  }

  /** Hands the records to the handler one by one, stopping at the first that fails. */
  private static Applier each(String name, Consumer<ConsumerRecord<String, String>> handler) {
    return records -> {
      for (ConsumerRecord<String, String> record : records) {
        try {
          handler.accept(record);
        } catch (RuntimeException e) {
          log.warn("{}: {}@{} not applied, retrying", name, record.partition(), record.offset(), e);
          return record;
        }
      }
      return null;
    };
  }

  private void pause() {
    try {
      Thread.sleep(retryBackoff);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}
