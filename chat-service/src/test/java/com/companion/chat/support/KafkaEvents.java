package com.companion.chat.support;

import com.companion.testkit.Infra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads what the outbox relay published to Kafka. */
public final class KafkaEvents {

  private static final Map<String, KafkaConsumer<String, String>> consumers = new HashMap<>();
  private static final Map<String, List<String>> seen = new HashMap<>();
  private static final JsonMapper json = JsonMapper.builder().build();

  private KafkaEvents() {}

  /** The first event on {@code topic} whose data has {@code field} = {@code value}, or null. */
  public static JsonNode find(String topic, String field, String value) {
    return findType(topic, null, field, value);
  }

  /** Like {@link #find} and of the given CloudEvents type (any type when null). */
  public static synchronized JsonNode findType(
      String topic, String type, String field, String value) {
    KafkaConsumer<String, String> consumer = consumers.computeIfAbsent(topic, KafkaEvents::open);
    List<String> values = seen.computeIfAbsent(topic, t -> new ArrayList<>());
    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
      values.add(record.value());
    }
    return values.stream()
        .filter(text -> text.contains(value))
        .map(json::readTree)
        .filter(event -> value.equals(event.path("data").path(field).asString(null)))
        .filter(event -> type == null || type.equals(event.path("type").asString(null)))
        .findFirst()
        .orElse(null);
  }

  private static KafkaConsumer<String, String> open(String topic) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.kafkaBootstrap());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "chat-test-" + UUID.randomUUID());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
    // a fresh group reads the topic from its start, and picks the topic up once it exists
    consumer.subscribe(List.of(topic));
    return consumer;
  }
}
