package com.companion.gateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.companion.gateway.openai.ChatCompletionRequest;
import com.companion.gateway.openai.ChatRequestParser;
import com.companion.gateway.openai.OpenAiException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parser of {@code /v1/chat/completions} bodies, fuzzed: whatever a client sends, the result is
 * either a request the gateway can route (a model, at least one message with a known role, limits
 * inside their ranges) or OpenAI's 400 {@code invalid_request_error}. Any other exception, which
 * the API would answer 500, or a hang is a finding.
 *
 * <p>{@code ./mvnw test} fuzzes it for {@code maxDuration} in a JVM of its own (the {@code fuzz}
 * execution of surefire) after running the seeds under {@code
 * src/test/resources/.../ChatRequestParserFuzzTestInputs}; longer runs: SECURITY.md, "Fuzzing".
 */
class ChatRequestParserFuzzTest {

  private static final ChatRequestParser PARSER =
      new ChatRequestParser(JsonMapper.builder().build());

  private static final Set<String> ROLES = Set.of("system", "user", "assistant");

  @FuzzTest(maxDuration = "10s")
  // the field names and values the parser branches on, so mutations reach past the first check
  @DictionaryEntries({
    "\"model\"",
    "\"messages\"",
    "\"role\"",
    "\"content\"",
    "\"name\"",
    "\"type\"",
    "\"text\"",
    "\"system\"",
    "\"developer\"",
    "\"user\"",
    "\"assistant\"",
    "\"n\"",
    "\"stream\"",
    "\"stream_options\"",
    "\"include_usage\"",
    "\"tools\"",
    "\"logprobs\"",
    "\"logit_bias\"",
    "\"max_tokens\"",
    "\"max_completion_tokens\"",
    "\"temperature\"",
    "\"top_p\"",
    "\"presence_penalty\"",
    "\"frequency_penalty\"",
    "\"seed\"",
    "\"stop\"",
    "\"top_k\"",
    "\"min_p\"",
    "\"repetition_penalty\"",
    "\"route_key\"",
    "true",
    "null",
    "1e400",
    "-1",
    "99999999999999999999"
  })
  void anyBodyIsARequestOrA400(byte[] body) {
    ChatCompletionRequest request;
    try {
      request = PARSER.parse(new String(body, StandardCharsets.UTF_8));
    } catch (OpenAiException refused) {
      assertThat(refused.status()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(refused.body().type()).isEqualTo("invalid_request_error");
      return;
    }
    var generation = request.generation();
    assertThat(generation.model()).isNotBlank();
    assertThat(generation.messages()).isNotEmpty();
    generation.messages().forEach(m -> assertThat(ROLES).contains(m.role()));
    var parameters = generation.parameters();
    if (parameters.get("max_tokens") instanceof Integer maxTokens) {
      assertThat(maxTokens).isPositive();
    }
    if (parameters.get("stop") instanceof List<?> stop) {
      assertThat(stop).hasSizeLessThanOrEqualTo(4);
    }
  }
}
