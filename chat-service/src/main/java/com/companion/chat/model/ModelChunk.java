package com.companion.chat.model;

/**
 * A piece of a streamed completion: new text, and on the last pieces the finish reason and usage.
 *
 * @param model the model version that answered, as the gateway reports it
 */
public record ModelChunk(String text, String finishReason, TokenUsage usage, String model) {

  public static ModelChunk text(String text, String model) {
    return new ModelChunk(text, null, null, model);
  }
}
