package com.companion.inference.generate;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code POST /v1/generate}: chat messages or a raw prompt, plus sampling. Fields this
 * node does not use (a model alias, a user id) are ignored so callers can send one shape to all.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GenerateRequestBody(
    @JsonProperty("messages") List<MessageBody> messages,
    @JsonProperty("prompt") String prompt,
    @JsonProperty("max_tokens") Integer maxTokens,
    @JsonProperty("temperature") Double temperature,
    @JsonProperty("top_p") Double topP,
    @JsonProperty("top_k") Integer topK,
    @JsonProperty("min_p") Double minP,
    @JsonProperty("repetition_penalty") Double repetitionPenalty,
    @JsonProperty("presence_penalty") Double presencePenalty,
    @JsonProperty("frequency_penalty") Double frequencyPenalty,
    @JsonProperty("seed") Long seed,
    @JsonProperty("stop") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> stop,
    @JsonProperty("stream") Boolean stream,
    @JsonProperty("logprobs") Boolean logprobs) {

  /** One chat turn: role system, user or assistant (the character). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record MessageBody(
      @JsonProperty("role") String role,
      @JsonProperty("content") String content,
      @JsonProperty("name") String name) {}
}
