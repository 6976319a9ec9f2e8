package com.companion.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.edge.support.EdgeInstance;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** {@code spring.jackson.property-naming-strategy: SNAKE_CASE} reaches the mapper under Boot 4. */
class JsonNamingIT {

  record Sample(String displayName, int requestsPerMinute) {}

  @Test
  void recordsAreWrittenAndReadInSnakeCase() {
    JsonMapper mapper = EdgeInstance.shared().bean(JsonMapper.class);
    String json = mapper.writeValueAsString(new Sample("Glow", 120));
    assertThat(json).isEqualTo("{\"display_name\":\"Glow\",\"requests_per_minute\":120}");
    assertThat(mapper.readValue(json, Sample.class)).isEqualTo(new Sample("Glow", 120));
  }
}
