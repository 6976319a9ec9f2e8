package com.companion.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.launcher.Platform.Delegation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark, training and evaluation commands run the tool jars; rebuild runs the service. */
class PlatformDelegationTest {

  @Test
  void theProgramsRunFromTheToolJarsWithTheirOwnCommandWords() {
    assertThat(Platform.delegation("model", List.of("train", "--steps", "10")))
        .isEqualTo(new Delegation("tools/model-tools/target/model-tools.jar", "train"));
    assertThat(Platform.delegation("model", List.of("bench")))
        .isEqualTo(new Delegation("tools/model-tools/target/model-tools.jar", "bench"));
    assertThat(Platform.delegation("safety", List.of("eval", "--dataset", "x.csv")))
        .isEqualTo(new Delegation("tools/safety-tools/target/safety-tools.jar", "safety-eval"));
    assertThat(Platform.delegation("safety", List.of("train")).subcommand())
        .isEqualTo("safety-train");
    assertThat(Platform.delegation("safety", List.of("bench")).subcommand())
        .isEqualTo("safety-bench");
    assertThat(Platform.delegation("gateway", List.of("bench")))
        .isEqualTo(new Delegation("tools/gateway-tools/target/gateway-tools.jar", "bench"));
    assertThat(Platform.delegation("chat", List.of("bench")))
        .isEqualTo(new Delegation("tools/chat-tools/target/chat-tools.jar", "bench"));
    assertThat(Platform.delegation("analytics", List.of("guard-bench", "--live")))
        .isEqualTo(
            new Delegation("tools/analytics-tools/target/analytics-tools.jar", "guard-bench"));
  }

  @Test
  void analyticsRebuildIsTheServicesOwnCommand() {
    assertThat(Platform.delegation("analytics", List.of("rebuild")))
        .isEqualTo(new Delegation("growth-analytics/target/growth-analytics.jar", "rebuild"));
  }

  @Test
  void anUnknownOrMissingWordIsNoDelegation() {
    assertThat(Platform.delegation("model", List.of())).isNull();
    assertThat(Platform.delegation("gateway", List.of("train"))).isNull();
    assertThat(Platform.delegation("chat", List.of("rebuild"))).isNull();
  }
}
