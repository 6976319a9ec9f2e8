package com.companion.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.testkit.ServiceProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The gateway in front of two real inference-node processes running the shipped checkpoint. The
 * node jar must have been built first (the reactor builds inference-node before model-gateway);
 * without it this test fails and says so rather than passing by skipping.
 */
class RealInferenceNodesIT extends GatewayTestSupport {

  static ServiceProcess nodeA;
  static ServiceProcess nodeB;

  @BeforeAll
  static void startNodes() {
    Path root = ServiceProcess.repositoryRoot();
    Path model = root.resolve("inference-node/model");
    Path jar = root.resolve("inference-node/target/inference-node.jar");
    for (Path needed :
        List.of(jar, model.resolve("config.json"), model.resolve("model.safetensors"))) {
      if (!Files.exists(needed)) {
        throw new IllegalStateException(
            needed
                + " is missing: build the inference node first"
                + " (./mvnw -pl inference-node -am package -DskipTests)");
      }
    }
    int colon = FakeNode.CREDENTIAL.indexOf(':');
    Map<String, String> settings =
        Map.of(
            "inference.model-dir",
            model.toString(),
            "inference.service-credentials." + FakeNode.CREDENTIAL.substring(0, colon),
            FakeNode.CREDENTIAL.substring(colon + 1));
    nodeA = ServiceProcess.start("inference-node", settings);
    nodeB = ServiceProcess.start("inference-node", settings);
    nodeA.awaitReady("/ready", Duration.ofSeconds(150));
    nodeB.awaitReady("/ready", Duration.ofSeconds(150));
    // the first generation of a fresh JVM is slow (class loading, JIT): do it before measuring
    for (ServiceProcess node : List.of(nodeA, nodeB)) {
      HttpRequest warmUp =
          HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/generate"))
              .timeout(Duration.ofSeconds(60))
              .header("Content-Type", "application/json")
              .header("X-Service-Key", FakeNode.CREDENTIAL)
              .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"Hello\",\"max_tokens\":4}"))
              .build();
      HttpResponse<String> warm;
      try {
        warm = HTTP.send(warmUp, HttpResponse.BodyHandlers.ofString());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      assertThat(warm.statusCode()).as(warm.body()).isEqualTo(200);
    }
  }

  @AfterAll
  static void stopNodes() {
    if (nodeA != null) {
      nodeA.close();
    }
    if (nodeB != null) {
      nodeB.close();
    }
  }

  @Test
  void realNodesAnswerStreamedAndUnstreamedAndAKilledNodeEndsItsStreamWithAnError()
      throws Exception {
    String alias = uniqueAlias();
    deploy(alias, "v1", nodeA.baseUrl(), nodeB.baseUrl());
    String token = userToken("u-" + alias);

    HttpResponse<String> single =
        send(
            "POST",
            "/v1/chat/completions",
            token,
            "{\"model\":\""
                + alias
                + "\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"Good morrow\"}]}");
    assertThat(single.statusCode()).as(single.body()).isEqualTo(200);
    JsonNode answer = json(single.body());
    assertThat(answer.get("choices").get(0).get("finish_reason").asString()).isIn("stop", "length");
    assertThat(answer.get("usage").get("completion_tokens").asInt()).isBetween(1, 8);

    HttpResponse<String> streamed =
        send(
            "POST",
            "/v1/chat/completions",
            token,
            "{\"model\":\""
                + alias
                + "\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"max_tokens\":8,"
                + "\"route_key\":\"char-1\",\"messages\":[{\"role\":\"user\",\"content\":\"Speak\"}]}");
    List<String> data = dataLines(streamed.body());
    assertThat(data.getLast()).isEqualTo("[DONE]");
    assertThat(json(data.getFirst()).get("choices").get(0).get("delta").get("role").asString())
        .isEqualTo("assistant");

    // a node killed while it streams: the client gets the tokens so far, then an error event
    String lone = uniqueAlias();
    deploy(lone, "v1", nodeB.baseUrl());
    HttpResponse<java.io.InputStream> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\""
                            + lone
                            + "\",\"stream\":true,\"max_tokens\":256,\"messages\":[{\"role\":\"user\",\"content\":\"Tell a long tale\"}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> lines = new ArrayList<>();
    List<String> raw = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      boolean killed = false;
      while ((line = reader.readLine()) != null) {
        raw.add(line);
        if (line.startsWith("data: ")) {
          lines.add(line.substring(6));
          if (!killed && lines.size() >= 3) {
            nodeB.kill();
            killed = true;
          }
        }
      }
    }
    assertThat(lines).as(String.join("\n", raw)).isNotEmpty().doesNotContain("[DONE]");
    assertThat(json(lines.getLast()).get("error").get("type").asString()).isEqualTo("server_error");

    // the survivor still serves the first alias
    HttpResponse<String> after =
        send(
            "POST",
            "/v1/chat/completions",
            token,
            chatBody(alias, false).replace("\"messages\"", "\"max_tokens\":4,\"messages\""));
    assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
  }
}
