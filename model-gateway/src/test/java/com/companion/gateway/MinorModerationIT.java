package com.companion.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.testkit.Infra;
import com.companion.testkit.ServiceProcess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A minor who calls {@code /v1/chat/completions} directly gets what the apps give them: the reply
 * checked by the real safety-filter under the minor policy before any of it is sent, and the AI
 * notice. An adult's reply passes unchanged.
 */
class MinorModerationIT extends GatewayTestSupport {

  static ServiceProcess safety;

  @DynamicPropertySource
  static void realSafetyFilter(DynamicPropertyRegistry registry) {
    safety = ServiceProcess.start("safety-filter", Infra.properties());
    safety.awaitReady("/actuator/health/readiness", Duration.ofSeconds(150));
    registry.add("gateway.safety.url", safety::baseUrl);
    // a fresh safety-filter JVM on a busy test machine answers its first checks slowly
    registry.add("gateway.safety.timeout", () -> "30s");
  }

  @AfterAll
  static void stopSafety() {
    if (safety != null) {
      safety.close();
    }
  }

  static final List<String> UNSAFE_FOR_MINORS =
      List.of("Let", "'s ", "have ", "sex ", "chat ", "and ", "send ", "nudes", ".");

  FakeNode node;
  String alias;

  @BeforeEach
  void deployNode() {
    node = startNode();
    alias = deployFresh(node);
  }

  static String token(AgeGroup age) {
    return MINTER.mint(
        new PlatformPrincipal("u-" + age + "-" + System.nanoTime(), "glow", Set.of(Role.USER), age),
        Duration.ofHours(1));
  }

  String content(List<String> data) {
    StringBuilder text = new StringBuilder();
    for (String line : data) {
      if (!line.equals("[DONE]")) {
        JsonNode choices = json(line).get("choices");
        if (!choices.isEmpty() && choices.get(0).get("delta").has("content")) {
          text.append(choices.get(0).get("delta").get("content").asString());
        }
      }
    }
    return text.toString();
  }

  static String finishReason(List<String> data) {
    for (String line : data.reversed()) {
      if (!line.equals("[DONE]")) {
        JsonNode choices = json(line).get("choices");
        if (!choices.isEmpty() && choices.get(0).get("finish_reason").isString()) {
          return choices.get(0).get("finish_reason").asString();
        }
      }
    }
    return null;
  }

  @Test
  void aMinorNeverSeesTextTheMinorPolicyBlocksAndTheReplyEndsAsFiltered() {
    node.texts = UNSAFE_FOR_MINORS;

    HttpResponse<String> response =
        send("POST", "/v1/chat/completions", token(AgeGroup.MINOR), chatBody(alias, true));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> data = dataLines(response.body());
    assertThat(content(data)).doesNotContain("sex").doesNotContain("nudes");
    assertThat(finishReason(data)).isEqualTo("content_filter");
    assertThat(data.getLast()).isEqualTo("[DONE]");
    JsonNode notice = json(data.getFirst()).get("notices").get(0);
    assertThat(notice.get("kind").asString()).isEqualTo("ai_disclosure");
    assertThat(notice.get("text").asString()).isNotBlank();
  }

  @Test
  void aMinorGetsASafeReplyWhole() {
    node.texts = List.of("Good ", "morrow, ", "gentle ", "friend.");

    HttpResponse<String> streamed =
        send("POST", "/v1/chat/completions", token(AgeGroup.MINOR), chatBody(alias, true));
    List<String> data = dataLines(streamed.body());
    assertThat(content(data)).isEqualTo("Good morrow, gentle friend.");
    assertThat(finishReason(data)).isEqualTo("length");

    HttpResponse<String> single =
        send("POST", "/v1/chat/completions", token(AgeGroup.MINOR), chatBody(alias, false));
    JsonNode answer = json(single.body());
    assertThat(answer.get("choices").get(0).get("message").get("content").asString())
        .isEqualTo("Good morrow, gentle friend.");
    assertThat(answer.get("notices").get(0).get("kind").asString()).isEqualTo("ai_disclosure");
  }

  @Test
  void anAdultsReplyIsNotHeldBackOrAnnotated() {
    node.texts = UNSAFE_FOR_MINORS;

    HttpResponse<String> response =
        send("POST", "/v1/chat/completions", token(AgeGroup.ADULT), chatBody(alias, true));

    List<String> data = dataLines(response.body());
    assertThat(content(data)).isEqualTo(String.join("", UNSAFE_FOR_MINORS));
    assertThat(json(data.getFirst()).has("notices")).isFalse();
  }
}
