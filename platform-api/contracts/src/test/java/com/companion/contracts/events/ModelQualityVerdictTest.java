package com.companion.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelQualityVerdictTest {

  private final ModelQualityVerdict verdict =
      new ModelQualityVerdict(
          ModelQualityVerdict.SCHEMA_VERSION,
          "companion-moe",
          "v1",
          "v2",
          ModelQualityVerdict.ROLL_BACK,
          "canary worse on regenerate",
          Map.of("regenerate", 3.2));

  @Test
  void whatTheGuardWritesIsWhatTheGatewayReads() {
    String message = verdict.toMessage("e-1", "/growth-analytics", Instant.EPOCH);

    assertThat(message)
        .contains("\"type\":\"model.quality.verdict\"")
        .contains("\"stable_version\":\"v1\"")
        .contains("\"log_likelihood_ratio\"");
    ModelQualityVerdict.Published read = ModelQualityVerdict.read(message).orElseThrow();
    assertThat(read.eventId()).isEqualTo("e-1");
    assertThat(read.verdict()).isEqualTo(verdict);
    assertThat(read.verdict().defect()).isNull();
  }

  @Test
  void otherEventsAreNotVerdictsAndBrokenOnesSayWhy() {
    assertThat(
            ModelQualityVerdict.read(
                "{\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"model.canary.started\"}"))
        .isEmpty();
    assertThatThrownBy(() -> ModelQualityVerdict.read("not json"))
        .isInstanceOf(IllegalArgumentException.class);
    ModelQualityVerdict sameVersions =
        new ModelQualityVerdict(1, "a", "v1", "v1", ModelQualityVerdict.KEEP, null, Map.of());
    assertThat(sameVersions.defect()).contains("stable version");
    ModelQualityVerdict unknownDecision =
        new ModelQualityVerdict(1, "a", "v1", "v2", "promote", null, Map.of());
    assertThat(unknownDecision.defect()).contains("promote");
  }
}
