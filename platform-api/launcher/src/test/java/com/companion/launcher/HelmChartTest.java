package com.companion.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The chart lints and renders every part of the platform. */
class HelmChartTest {

  private static final Path CHART = chart();

  @Test
  void chartLints() {
    var result = new Helm(CHART).lint().strict().call();

    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void chartRendersEveryService() {
    String manifests = new Helm(CHART).template().call();

    for (String name :
        new String[] {
          "edge",
          "character-service",
          "chat-service",
          "safety-filter",
          "model-gateway",
          "growth-analytics"
        }) {
      assertThat(manifests).contains("kind: Deployment\nmetadata:\n  name: " + name);
    }
    assertThat(manifests).contains("kind: StatefulSet", "clusterIP: None", "kind: Ingress");
  }

  private static Path chart() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("helm/companion/Chart.yaml"))) {
      dir = dir.getParent();
    }
    return dir.resolve("helm/companion");
  }
}
