package com.companion.analytics.stream;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.databind.json.JsonMapper;

/** JSON for the records that travel through repartition, changelog and output topics. */
public final class JsonSerde {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private JsonSerde() {}

  public static <T> Serde<T> of(Class<T> type) {
    Serializer<T> serializer =
        (topic, value) -> value == null ? null : JSON.writeValueAsBytes(value);
    Deserializer<T> deserializer =
        (topic, bytes) -> bytes == null ? null : JSON.readValue(bytes, type);
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
