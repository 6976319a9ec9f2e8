package com.companion.gateway.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The response shapes of OpenAI's Chat Completions API, field for field. */
public final class ChatCompletionWire {

  private ChatCompletionWire() {}

  public record ChatCompletion(
      String id,
      String object,
      long created,
      String model,
      String systemFingerprint,
      List<Choice> choices,
      Usage usage,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Notice> notices) {}

  public record Choice(int index, Message message, Object logprobs, String finishReason) {}

  public record Message(String role, String content, String refusal) {}

  public record Usage(int promptTokens, int completionTokens, int totalTokens) {
    public static Usage of(int prompt, int completion) {
      return new Usage(prompt, completion, prompt + completion);
    }
  }

  public record Chunk(
      String id,
      String object,
      long created,
      String model,
      String systemFingerprint,
      List<ChunkChoice> choices,
      @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Notice> notices) {}

  /**
   * A platform extension beside OpenAI's fields, which OpenAI clients ignore: a notice the app must
   * show with the reply ({@code ai_disclosure} for minors).
   */
  public record Notice(String kind, String text) {}

  public record ChunkChoice(int index, Delta delta, Object logprobs, String finishReason) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Delta(String role, String content) {}

  public record Model(String id, String object, long created, String ownedBy) {}

  public record ModelList(String object, List<Model> data) {}
}
