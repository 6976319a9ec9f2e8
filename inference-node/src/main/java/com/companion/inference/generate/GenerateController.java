package com.companion.inference.generate;

import com.companion.inference.engine.Completion;
import com.companion.inference.engine.GenerationRequest;
import com.companion.inference.engine.InferenceEngine;
import com.companion.inference.engine.SamplingParams;
import com.companion.inference.engine.TokenEvent;
import com.companion.inference.engine.TokenStream;
import com.companion.inference.model.ChatTemplate;
import com.companion.inference.node.InferenceProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * {@code POST /v1/generate}: applies the chat template (or takes a raw prompt), queues the
 * generation, and answers with Server-Sent Events ({@code token} per token, a last {@code done}) or
 * one JSON. Admission happens before the response starts, so overload is a clean 503; a client that
 * goes away cancels its generation.
 */
@RestController
class GenerateController {

  private static final Set<String> ROLES = Set.of("system", "user", "assistant");

  private final InferenceEngine engine;
  private final InferenceProperties properties;

  GenerateController(InferenceEngine engine, InferenceProperties properties) {
    this.engine = engine;
    this.properties = properties;
  }

  /** SSE {@code token} event data. */
  record TokenData(
      @JsonProperty("text") String text,
      @JsonProperty("token_id") long tokenId,
      @JsonProperty("logprob") @JsonInclude(JsonInclude.Include.NON_NULL) Double logprob) {}

  /** SSE {@code done} event data. */
  record DoneData(
      @JsonProperty("finish_reason") String finishReason,
      @JsonProperty("prompt_tokens") int promptTokens,
      @JsonProperty("completion_tokens") int completionTokens) {}

  /** The non-streaming answer. */
  record GenerateResponse(
      @JsonProperty("text") String text,
      @JsonProperty("finish_reason") String finishReason,
      @JsonProperty("prompt_tokens") int promptTokens,
      @JsonProperty("completion_tokens") int completionTokens,
      @JsonProperty("logprobs") @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> logprobs) {}

  @PostMapping(
      path = "/v1/generate",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.APPLICATION_JSON_VALUE})
  Mono<ResponseEntity<?>> generate(@RequestBody GenerateRequestBody body) {
    GenerationRequest request = toRequest(body);
    if (Boolean.TRUE.equals(body.stream())) {
      Sinks.Many<ServerSentEvent<Object>> sink = Sinks.many().unicast().onBackpressureBuffer();
      TokenStream stream =
          engine.submit(
              request,
              new TokenStream.Listener() {
                @Override
                public void onToken(TokenEvent token) {
                  sink.tryEmitNext(
                      ServerSentEvent.<Object>builder(
                              new TokenData(
                                  token.text(),
                                  token.tokenId(),
                                  Double.isNaN(token.logprob()) ? null : token.logprob()))
                          .event("token")
                          .build());
                }

                @Override
                public void onComplete(Completion c) {
                  sink.tryEmitNext(
                      ServerSentEvent.<Object>builder(
                              new DoneData(
                                  c.finishReason().wireName(),
                                  c.promptTokens(),
                                  c.completionTokens()))
                          .event("done")
                          .build());
                  sink.tryEmitComplete();
                }
              });
      Flux<ServerSentEvent<Object>> events = sink.asFlux().doOnCancel(stream::cancel);
      return Mono.just(ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(events));
    }
    Sinks.One<GenerateResponse> result = Sinks.one();
    StringBuilder text = new StringBuilder();
    List<Double> logprobs = new ArrayList<>();
    boolean wantLogprobs = Boolean.TRUE.equals(body.logprobs());
    TokenStream stream =
        engine.submit(
            request,
            new TokenStream.Listener() {
              @Override
              public void onToken(TokenEvent token) {
                text.append(token.text());
                if (wantLogprobs) {
                  logprobs.add(token.logprob());
                }
              }

              @Override
              public void onComplete(Completion c) {
                result.tryEmitValue(
                    new GenerateResponse(
                        text.toString(),
                        c.finishReason().wireName(),
                        c.promptTokens(),
                        c.completionTokens(),
                        wantLogprobs ? logprobs : null));
              }
            });
    return result
        .asMono()
        .doOnCancel(stream::cancel)
        .map(r -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(r));
  }

  private GenerationRequest toRequest(GenerateRequestBody body) {
    long[] prompt;
    boolean hasMessages = body.messages() != null && !body.messages().isEmpty();
    boolean hasPrompt = body.prompt() != null && !body.prompt().isEmpty();
    if (hasMessages == hasPrompt) {
      throw new InvalidGenerateRequest("give either messages or prompt");
    }
    if (hasMessages) {
      List<ChatTemplate.Message> messages = new ArrayList<>();
      for (GenerateRequestBody.MessageBody m : body.messages()) {
        if (m == null || m.role() == null || !ROLES.contains(m.role()) || m.content() == null) {
          throw new InvalidGenerateRequest(
              "each message needs a role (system, user or assistant) and a content");
        }
        messages.add(new ChatTemplate.Message(m.role(), m.content(), m.name()));
      }
      prompt = engine.encodeChat(messages);
    } else {
      prompt = engine.encodePrompt(body.prompt());
    }
    int maxTokens = body.maxTokens() == null ? SamplingParams.DEFAULT_MAX_TOKENS : body.maxTokens();
    if (maxTokens > properties.maxTokensLimit()) {
      throw new InvalidGenerateRequest(
          "max_tokens", "max_tokens is at most " + properties.maxTokensLimit() + " on this node");
    }
    try {
      SamplingParams sampling =
          new SamplingParams(
              orDefault(body.temperature(), 1.0),
              orDefault(body.topP(), 1.0),
              body.topK() == null ? 0 : body.topK(),
              orDefault(body.minP(), 0.0),
              orDefault(body.repetitionPenalty(), 1.0),
              orDefault(body.presencePenalty(), 0.0),
              orDefault(body.frequencyPenalty(), 0.0),
              body.seed(),
              body.stop(),
              maxTokens,
              Boolean.TRUE.equals(body.logprobs()));
      return new GenerationRequest(prompt, sampling);
    } catch (IllegalArgumentException e) {
      throw new InvalidGenerateRequest(e.getMessage());
    }
  }

  private static double orDefault(Double value, double fallback) {
    return value == null ? fallback : value;
  }
}
