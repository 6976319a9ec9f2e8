package com.companion.inference.engine;

/**
 * One generation: the prompt as token ids (already rendered with the chat template and encoded) and
 * its sampling settings.
 */
public record GenerationRequest(long[] promptTokens, SamplingParams sampling) {

  public GenerationRequest {
    if (promptTokens == null || promptTokens.length == 0) {
      throw new IllegalArgumentException("the prompt is empty");
    }
    promptTokens = promptTokens.clone();
  }
}
