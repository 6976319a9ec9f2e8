package com.companion.inference.engine;

import java.util.List;

/**
 * How one request picks its tokens. {@code temperature} 0 is greedy; {@code seed} makes sampling
 * repeatable (same seed, same prompt, same text); {@code logprobs} asks for the chosen token's log
 * probability under the model.
 */
public record SamplingParams(
    double temperature,
    double topP,
    int topK,
    double minP,
    double repetitionPenalty,
    double presencePenalty,
    double frequencyPenalty,
    Long seed,
    List<String> stop,
    int maxTokens,
    boolean logprobs,
    boolean ignoreEos) {

  public static final int DEFAULT_MAX_TOKENS = 128;

  public SamplingParams {
    stop = stop == null ? List.of() : List.copyOf(stop);
    if (temperature < 0 || topP <= 0 || topP > 1 || topK < 0 || minP < 0 || minP > 1) {
      throw new IllegalArgumentException(
          "temperature >= 0, 0 < top_p <= 1, top_k >= 0 and 0 <= min_p <= 1 are required");
    }
    if (repetitionPenalty <= 0 || maxTokens < 1) {
      throw new IllegalArgumentException("repetition_penalty > 0 and max_tokens >= 1 are required");
    }
  }

  public SamplingParams(
      double temperature,
      double topP,
      int topK,
      double minP,
      double repetitionPenalty,
      double presencePenalty,
      double frequencyPenalty,
      Long seed,
      List<String> stop,
      int maxTokens,
      boolean logprobs) {
    this(
        temperature,
        topP,
        topK,
        minP,
        repetitionPenalty,
        presencePenalty,
        frequencyPenalty,
        seed,
        stop,
        maxTokens,
        logprobs,
        false);
  }

  public static SamplingParams greedy(int maxTokens) {
    return new SamplingParams(0, 1, 0, 0, 1, 0, 0, null, List.of(), maxTokens, false);
  }

  public static SamplingParams sampled(double temperature, long seed, int maxTokens) {
    return new SamplingParams(temperature, 1, 0, 0, 1, 0, 0, seed, List.of(), maxTokens, false);
  }

  /** Keeps generating through end-of-turn tokens: fixed-length runs for benchmarks. */
  public SamplingParams ignoringEos() {
    return new SamplingParams(
        temperature,
        topP,
        topK,
        minP,
        repetitionPenalty,
        presencePenalty,
        frequencyPenalty,
        seed,
        stop,
        maxTokens,
        logprobs,
        true);
  }
}
