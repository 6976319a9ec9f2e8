package com.companion.edge.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.companion.edge.EdgeProperties;
import com.companion.platform.web.PlatformProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ClientEventValidatorTest {

  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ClientEventValidator validator =
      new ClientEventValidator(
          new EdgeProperties.Events(
              3, DataSize.ofBytes(64), Duration.ofDays(7), Duration.ofMinutes(5)),
          Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void acceptsEventsWithOffsetsAndMissingProperties() {
    List<ClientEventValidator.Valid> valid =
        validator.validate(
            batch(
                "[{\"name\":\"screen_view\",\"time\":\"2026-11-28T17:59:00+08:00\",\"properties\":{\"a\":1}},"
                    + "{\"name\":\"paywall.shown\",\"time\":\"2026-11-28T09:59:59.123Z\"}]"));
    assertThat(valid).hasSize(2);
    assertThat(valid.get(0).time()).isEqualTo(Instant.parse("2026-11-28T09:59:00Z"));
    assertThat(valid.get(1).properties().isObject()).isTrue();
    assertThat(valid.get(1).properties().size()).isZero();
  }

  @Test
  void timeWindowFollowsTheInjectedClock() {
    assertThat(validator.validate(batch(event("e", NOW.minus(Duration.ofDays(7)))))).hasSize(1);
    assertThat(validator.validate(batch(event("e", NOW.plus(Duration.ofMinutes(5)))))).hasSize(1);
    assertRejected(
        batch(event("e", NOW.minus(Duration.ofDays(7)).minusSeconds(1))), "events[0].time");
    assertRejected(
        batch(event("e", NOW.plus(Duration.ofMinutes(5)).plusSeconds(1))), "events[0].time");
  }

  @Test
  void rejectsBadShapesNamingTheField() {
    assertRejected(batch("[]"), "events");
    assertRejected(
        batch(
            "["
                + String.join(
                    ",",
                    List.of(event("a", NOW), event("b", NOW), event("c", NOW), event("d", NOW)))
                + "]"),
        "events");
    assertRejected(batch("[{\"time\":\"2026-11-28T10:00:00Z\"}]"), "events[0].name");
    assertRejected(
        batch("[{\"id\":\"a b\",\"name\":\"e\",\"time\":\"2026-11-28T10:00:00Z\"}]"),
        "events[0].id");
    assertRejected(batch("[{\"name\":7,\"time\":\"2026-11-28T10:00:00Z\"}]"), "events[0].name");
    assertRejected(
        batch("[{\"name\":\"<b>x</b>\",\"time\":\"2026-11-28T10:00:00Z\"}]"), "events[0].name");
    assertRejected(
        batch("[{\"name\":\"" + "a".repeat(65) + "\",\"time\":\"2026-11-28T10:00:00Z\"}]"),
        "events[0].name");
    assertRejected(batch("[{\"name\":\"e\",\"time\":\"2026-11-28T10:00:00\"}]"), "events[0].time");
    assertRejected(batch("[{\"name\":\"e\",\"time\":1764324000}]"), "events[0].time");
    assertRejected(
        batch("[{\"name\":\"e\",\"time\":\"2026-11-28T10:00:00Z\",\"properties\":[1]}]"),
        "events[0].properties");
    assertRejected(
        batch(
            "[{\"name\":\"e\",\"time\":\"2026-11-28T10:00:00Z\",\"properties\":{\"x\":\""
                + "y".repeat(64)
                + "\"}}]"),
        "events[0].properties");
  }

  private void assertRejected(ClientEventBatch batch, String field) {
    assertThatThrownBy(() -> validator.validate(batch))
        .isInstanceOfSatisfying(
            PlatformProblem.class,
            problem -> {
              assertThat(problem.getStatusCode().value()).isEqualTo(400);
              assertThat(problem.getBody().getProperties()).containsEntry("field", field);
            });
  }

  private static String event(String name, Instant time) {
    return "{\"name\":\"" + name + "\",\"time\":\"" + time + "\"}";
  }

  private static ClientEventBatch batch(String eventsJson) {
    String array = eventsJson.startsWith("[") ? eventsJson : "[" + eventsJson + "]";
    JsonNode node = JSON.readTree("{\"events\":" + array + "}");
    return JSON.treeToValue(node, ClientEventBatch.class);
  }
}
