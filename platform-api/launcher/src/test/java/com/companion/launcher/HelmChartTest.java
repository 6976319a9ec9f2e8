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
          "identity-service",
          "growth-analytics"
        }) {
      assertThat(manifests).contains("kind: Deployment\nmetadata:\n  name: " + name);
    }
    assertThat(manifests).contains("kind: StatefulSet", "clusterIP: None", "kind: Ingress");
  }

  @Test
  void theEdgeRoutesSignInToIdentityServiceAndTheWebAppKnowsTheIssuer() {
    String manifests = new Helm(CHART).template().call();

    assertThat(manifests)
        .contains("name: EDGE_IDENTITYSERVICEURL\n", "value: \"http://identity-service:8086\"")
        .contains("name: EDGE_WEBAPP_IDENTITYURL");
  }

  @Test
  void identityServiceReadsTheExportFromCharacterChatAndSafetyFilterWhichLetItIn() {
    String manifests = new Helm(CHART).template().call();

    assertThat(manifests)
        .contains(
            "name: IDENTITY_EXPORT_CHARACTERSERVICEURL\n",
            "value: \"http://character-service:8081\"",
            "name: IDENTITY_EXPORT_CHATSERVICEURL\n",
            "value: \"http://chat-service:8082\"",
            "name: IDENTITY_EXPORT_SAFETYFILTERURL\n",
            "value: \"http://safety-filter:8083\"");
    assertThat(ingressFrom(manifests, "character-service")).contains("identity-service");
    assertThat(ingressFrom(manifests, "chat-service")).contains("identity-service");
    assertThat(ingressFrom(manifests, "safety-filter")).contains("identity-service");
  }

  /** The {@code <service>-ingress} NetworkPolicy as rendered. */
  private static String ingressFrom(String manifests, String service) {
    int start = manifests.indexOf("name: " + service + "-ingress\n");
    assertThat(start).as("the %s-ingress policy", service).isNotNegative();
    int end = manifests.indexOf("\n---", start);
    return manifests.substring(start, end < 0 ? manifests.length() : end);
  }

  private static Path chart() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("helm/companion/Chart.yaml"))) {
      dir = dir.getParent();
    }
    return dir.resolve("helm/companion");
  }
}
