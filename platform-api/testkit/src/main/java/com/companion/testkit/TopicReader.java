package com.companion.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one topic from its beginning for a test, keeping every record it has seen. A test waits for
 * what it asserts ({@link #awaitUntil}) rather than for a fixed time or for the first record, and
 * can then read to the current end of the topic ({@link #readToEnd}) so that a late duplicate is
 * seen too.
 */
public final class TopicReader implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaConsumer<String, String> consumer;
  private final String topic;
  private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

  private TopicReader(String bootstrap, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    this.consumer = new KafkaConsumer<>(props);
    this.topic = topic;
    // partitions assigned directly, not through a consumer group: no group join to wait for, which
    // takes seconds on a loaded machine
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, METADATA_TIMEOUT).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  public static TopicReader fromBeginning(String bootstrap, String topic) {
    return new TopicReader(bootstrap, topic);
  }

  /**
   * Polls until {@code done} holds for everything seen so far, and returns it.
   *
   * @throws AssertionError after {@code timeout}, listing how many records were seen
   */
  public List<ConsumerRecord<String, String>> awaitUntil(
      Predicate<List<ConsumerRecord<String, String>>> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(seen)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "waited " + timeout + " on " + topic + "; saw " + seen.size() + " record(s)");
      }
      pollOnce();
    }
    return List.copyOf(seen);
  }

  /** Everything up to the end the topic has now, including what was seen before. */
  public List<ConsumerRecord<String, String>> readToEnd(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!atEnd()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("could not reach the end of " + topic + " within " + timeout);
      }
      pollOnce();
    }
    return List.copyOf(seen);
  }

  private boolean atEnd() {
    Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
    return ends.entrySet().stream()
        .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
  }

  private void pollOnce() {
    consumer.poll(POLL).forEach(seen::add);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
