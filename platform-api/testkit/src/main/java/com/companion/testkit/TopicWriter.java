package com.companion.testkit;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes records to a topic of the test broker ({@link Infra#kafkaBootstrap()}) for a test. */
public final class TopicWriter {

  private TopicWriter() {}

  /**
   * Sends the values in order under one key (so to one partition, where their order holds), each
   * acknowledged by the broker before the next is sent and before this returns.
   */
  public static void send(String topic, String key, String... values) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.kafkaBootstrap()),
            new StringSerializer(),
            new StringSerializer())) {
      for (String value : values) {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("publishing to " + topic, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing to " + topic, e);
    }
  }
}
