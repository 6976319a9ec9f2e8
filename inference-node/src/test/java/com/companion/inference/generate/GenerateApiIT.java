package com.companion.inference.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.inference.TinyCheckpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class GenerateApiIT {

  static Path checkpoint;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    try {
      checkpoint = Files.createTempDirectory("tiny-checkpoint");
      TinyCheckpoint.create(checkpoint, TinyCheckpoint.config(0), 3);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    registry.add("inference.model-dir", () -> checkpoint.toString());
    registry.add("inference.device", () -> "cpu");
    registry.add("inference.kv-cache-megabytes", () -> "8");
    registry.add("inference.service-credentials.gateway", () -> "node-test-secret");
  }

  static final String CREDENTIAL = "gateway:node-test-secret";

  @Autowired WebTestClient client;

  @BeforeEach
  void longerTimeout() {
    client =
        client
            .mutate()
            .responseTimeout(Duration.ofMinutes(2))
            .defaultHeader("X-Service-Key", CREDENTIAL)
            .build();
  }

  @Test
  void generatingNeedsTheServiceCredentialWhileProbesDoNot() {
    for (String wrong :
        List.of("", "gateway:guess", "other:node-test-secret", "node-test-secret")) {
      client
          .post()
          .uri("/v1/generate")
          .header("X-Service-Key", wrong)
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(chat(false))
          .exchange()
          .expectStatus()
          .isUnauthorized()
          .expectHeader()
          .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }
    WebTestClient anonymous =
        client.mutate().defaultHeaders(h -> h.remove("X-Service-Key")).build();
    anonymous
        .post()
        .uri("/v1/generate")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(chat(false))
        .exchange()
        .expectStatus()
        .isUnauthorized();
    anonymous.get().uri("/health").exchange().expectStatus().isOk();
    anonymous.get().uri("/metrics").exchange().expectStatus().isOk();
  }

  @Test
  void tooManyTokensNamesTheFieldAndReadyTellsTheLimit() {
    client
        .post()
        .uri("/v1/generate")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("prompt", "ROMEO:", "max_tokens", 100_000))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.param")
        .isEqualTo("max_tokens");
    answersInOneJson();
    client
        .get()
        .uri("/ready")
        .exchange()
        .expectBody()
        .jsonPath("$.max_tokens_limit")
        .isEqualTo(512);
  }

  static Map<String, Object> chat(boolean stream) {
    return Map.of(
        "messages",
        List.of(
            Map.of("role", "system", "content", "You are ROMEO. Stay in character."),
            Map.of("role", "user", "content", "Wherefore art thou?", "name", "JULIET")),
        "max_tokens",
        6,
        "temperature",
        0,
        "stream",
        stream);
  }

  @Test
  void answersInOneJson() {
    client
        .post()
        .uri("/v1/generate")
        .contentType(MediaType.APPLICATION_JSON)
        .accept(MediaType.APPLICATION_JSON)
        .bodyValue(chat(false))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.finish_reason")
        .value(r -> assertThat(List.of("stop", "length")).contains((String) r))
        .jsonPath("$.prompt_tokens")
        .value(n -> assertThat((Integer) n).isGreaterThan(5))
        .jsonPath("$.completion_tokens")
        .value(n -> assertThat((Integer) n).isBetween(1, 6))
        .jsonPath("$.text")
        .exists();
  }

  @Test
  void streamsTokenEventsThenDone() {
    List<ServerSentEvent<Map<String, Object>>> events =
        client
            .post()
            .uri("/v1/generate")
            .contentType(MediaType.APPLICATION_JSON)
            .accept(MediaType.TEXT_EVENT_STREAM)
            .bodyValue(chat(true))
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {})
            .getResponseBody()
            .collectList()
            .block(Duration.ofMinutes(2));
    assertThat(events).isNotEmpty();
    ServerSentEvent<Map<String, Object>> last = events.get(events.size() - 1);
    assertThat(last.event()).isEqualTo("done");
    assertThat(last.data()).containsKeys("finish_reason", "prompt_tokens", "completion_tokens");
    for (ServerSentEvent<Map<String, Object>> e : events.subList(0, events.size() - 1)) {
      assertThat(e.event()).isEqualTo("token");
      assertThat(e.data()).containsKeys("text", "token_id");
    }
  }

  @Test
  void rejectsABodyWithNeitherMessagesNorPrompt() {
    client
        .post()
        .uri("/v1/generate")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("max_tokens", 5))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://companion.example/problems/invalid-request");
  }

  @Test
  void rejectsAnInvalidSamplingSetting() {
    client
        .post()
        .uri("/v1/generate")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("prompt", "ROMEO:", "top_p", 0))
        .exchange()
        .expectStatus()
        .isBadRequest();
  }

  @Test
  void healthReadyAndMetrics() {
    client.get().uri("/health").exchange().expectStatus().isOk();
    // the engine warms up in the background; a generation proves it serves
    answersInOneJson();
    client
        .get()
        .uri("/ready")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("READY");
    String metrics =
        client
            .get()
            .uri("/metrics")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(metrics)
        .contains("vllm:num_requests_running{")
        .contains("vllm:num_requests_waiting{")
        .contains("vllm:kv_cache_usage_perc{")
        .contains("vllm:time_to_first_token_seconds_bucket{")
        .contains("vllm:inter_token_latency_seconds_count{")
        .contains("vllm:request_queue_time_seconds_sum{")
        .contains("vllm:e2e_request_latency_seconds_count{")
        .contains("vllm:prefix_cache_queries_total{")
        .contains("vllm:prefix_cache_hits_total{")
        .contains("inference_expert_routed_tokens_total{")
        .contains("layer=\"1\",expert=\"3\"");
  }

  @Test
  void malformedJsonIsAProblem() {
    client
        .post()
        .uri("/v1/generate")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"prompt\": ")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }
}
