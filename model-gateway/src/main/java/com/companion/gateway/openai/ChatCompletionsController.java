package com.companion.gateway.openai;

import com.companion.gateway.GatewayProperties;
import com.companion.gateway.auth.Caller;
import com.companion.gateway.completion.CompletionFailure;
import com.companion.gateway.completion.CompletionService;
import com.companion.gateway.completion.GenerationEvent;
import com.companion.gateway.completion.RequestTrace;
import com.companion.gateway.deployment.DeploymentCatalog;
import com.companion.gateway.deployment.ModelAlias;
import com.companion.gateway.metering.UsageMeter;
import com.companion.gateway.openai.ChatCompletionWire.ChatCompletion;
import com.companion.gateway.openai.ChatCompletionWire.Choice;
import com.companion.gateway.openai.ChatCompletionWire.Chunk;
import com.companion.gateway.openai.ChatCompletionWire.ChunkChoice;
import com.companion.gateway.openai.ChatCompletionWire.Delta;
import com.companion.gateway.openai.ChatCompletionWire.Message;
import com.companion.gateway.openai.ChatCompletionWire.Notice;
import com.companion.gateway.openai.ChatCompletionWire.Usage;
import com.companion.gateway.quota.QuotaDecision;
import com.companion.gateway.quota.QuotaLimiter;
import com.companion.gateway.safety.ModerationClient;
import com.companion.gateway.safety.ReplyModeration;
import com.companion.platform.web.RequestIds;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/chat/completions}, OpenAI compatible, streamed (SSE {@code chat.completion.chunk}
 * frames then {@code data: [DONE]}) or as one {@code chat.completion}.
 */
@RestController
public class ChatCompletionsController {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(ChatCompletionsController.class);

  private static final MediaType EVENT_STREAM =
      MediaType.parseMediaType("text/event-stream;charset=utf-8");
  private static final byte[] DONE_FRAME = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

  private final DeploymentCatalog catalog;
  private final CompletionService completions;
  private final QuotaLimiter quota;
  private final UsageMeter meter;
  private final JsonMapper json;
  private final ChatRequestParser parser;
  private final Clock clock;
  private final ModerationClient moderation;
  private final GatewayProperties.Safety safety;

  public ChatCompletionsController(
      DeploymentCatalog catalog,
      CompletionService completions,
      QuotaLimiter quota,
      UsageMeter meter,
      JsonMapper json,
      Clock clock,
      ModerationClient moderation,
      GatewayProperties properties) {
    this.catalog = catalog;
    this.completions = completions;
    this.quota = quota;
    this.meter = meter;
    this.json = json;
    this.parser = new ChatRequestParser(json);
    this.clock = clock;
    this.moderation = moderation;
    this.safety = properties.safety();
  }

  @PostMapping("/v1/chat/completions")
  public Mono<Void> complete(
      @RequestBody(required = false) String body, ServerWebExchange exchange) {
    Caller caller = exchange.getAttribute(Caller.ATTRIBUTE);
    if (caller == null) {
      return Mono.error(
          OpenAiException.unauthorized("missing_api_key", "Authentication required."));
    }
    String requestId = requestId(exchange);
    exchange.getResponse().getHeaders().set("x-request-id", requestId);
    ChatCompletionRequest request = parser.parse(body);
    String model = request.generation().model();
    UsageMeter.RequestInfo info =
        new UsageMeter.RequestInfo(requestId, model, request.stream(), request.user());
    ModelAlias alias = catalog.find(model).orElse(null);
    if (alias == null) {
      return meter
          .record(caller, info, null, "rejected")
          .then(Mono.error(OpenAiException.modelNotFound(model)));
    }
    return quota
        .admit(caller)
        .flatMap(
            decision -> {
              decision.headers().forEach(exchange.getResponse().getHeaders()::set);
              if (!decision.allowed()) {
                return meter
                    .record(caller, info, null, "rejected")
                    .then(Mono.error(rateLimited(decision)));
              }
              return run(exchange, caller, alias, request, info);
            });
  }

  private Mono<Void> run(
      ServerWebExchange exchange,
      Caller caller,
      ModelAlias alias,
      ChatCompletionRequest request,
      UsageMeter.RequestInfo info) {
    RequestTrace trace = new RequestTrace();
    AtomicReference<String> status = new AtomicReference<>("ok");
    Flux<GenerationEvent> events;
    List<Notice> notices;
    if (caller.needsOutputModeration()) {
      events = moderatedForMinor(caller, alias, request, trace);
      notices = List.of(new Notice("ai_disclosure", safety.aiNotice()));
    } else {
      events = completions.generate(alias, request.generation(), trace);
      notices = List.of();
    }
    String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    long created = clock.instant().getEpochSecond();
    Mono<Void> written =
        request.stream()
            ? stream(
                exchange.getResponse(),
                events,
                request,
                id,
                created,
                alias.alias(),
                trace,
                status,
                notices)
            : single(exchange.getResponse(), events, id, created, alias.alias(), trace, notices);
    return written
        .onErrorMap(CompletionFailure.class, ChatCompletionsController::toOpenAi)
        .doFinally(
            signal -> {
              String outcome =
                  switch (signal) {
                    case CANCEL -> "cancelled";
                    case ON_ERROR -> "error";
                    default -> status.get();
                  };
              meter.record(caller, info, trace, outcome).subscribe();
              quota.addTokens(caller, trace.promptTokens() + trace.completionTokens()).subscribe();
            });
  }

  /**
   * A minor calling the model API directly gets what the apps give them: the user's last message
   * checked first, and the reply released only as safety-filter passes it, under the minor's own
   * policy. When safety-filter cannot answer, the minor gets no unchecked text (an error instead).
   */
  private Flux<GenerationEvent> moderatedForMinor(
      Caller caller, ModelAlias alias, ChatCompletionRequest request, RequestTrace trace) {
    String lastUserText = null;
    for (var message : request.generation().messages()) {
      if (message.role().equals("user")) {
        lastUserText = message.content();
      }
    }
    Mono<ModerationClient.Verdict> input =
        lastUserText == null || lastUserText.isBlank()
            ? Mono.just(ModerationClient.Verdict.ALLOW)
            : moderation.check(lastUserText, caller.authorization());
    return input
        .onErrorMap(
            e -> !(e instanceof OpenAiException),
            e -> {
              log.warn("safety check of a minor's message failed: {}", e.toString());
              return OpenAiException.unavailable(
                  "The safety check is unavailable right now. Please retry shortly.");
            })
        .flatMapMany(
            verdict -> {
              if (verdict == ModerationClient.Verdict.BLOCK) {
                return Flux.just(new GenerationEvent.Done("content_filter", 0, 0));
              }
              ReplyModeration reply =
                  new ReplyModeration(
                      text -> moderation.check(text, caller.authorization()),
                      safety.checkEveryChars(),
                      safety.maxCheckedChars());
              return reply.apply(completions.generate(alias, request.generation(), trace));
            });
  }

  private Mono<Void> stream(
      ServerHttpResponse response,
      Flux<GenerationEvent> events,
      ChatCompletionRequest request,
      String id,
      long created,
      String model,
      RequestTrace trace,
      AtomicReference<String> status,
      List<Notice> notices) {
    response.getHeaders().setContentType(EVENT_STREAM);
    response.getHeaders().setCacheControl("no-cache");
    response.getHeaders().set("X-Accel-Buffering", "no");
    AtomicBoolean sentAny = new AtomicBoolean();
    String[][] contentFrame = new String[1][];
    // one buffer per node event, so a failure cannot fall between the role chunk and the first
    // content chunk (an error signal overtakes items still waiting for demand)
    Flux<byte[]> frames =
        events
            .map(
                event -> {
                  java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256);
                  if (sentAny.compareAndSet(false, true)) {
                    out.writeBytes(
                        chunk(
                            id,
                            created,
                            model,
                            trace,
                            new Delta("assistant", ""),
                            null,
                            null,
                            notices));
                  }
                  if (event instanceof GenerationEvent.Token token) {
                    if (!token.text().isEmpty()) {
                      if (contentFrame[0] == null) {
                        contentFrame[0] = contentFrameTemplate(id, created, model, trace);
                      }
                      // per token only the text is encoded, by hand: the rest of the frame never
                      // changes, and a JSON library's writer costs more than the text itself
                      StringBuilder text = new StringBuilder(contentFrame[0][0].length() + 64);
                      text.append(contentFrame[0][0]).append('"');
                      JsonText.escape(token.text(), text);
                      text.append('"').append(contentFrame[0][1]);
                      out.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
                    }
                  } else if (event instanceof GenerationEvent.Done done) {
                    out.writeBytes(
                        chunk(
                            id,
                            created,
                            model,
                            trace,
                            new Delta(null, null),
                            finishReason(done.finishReason()),
                            null));
                    if (request.includeUsage()) {
                      out.writeBytes(usageChunk(id, created, model, trace, done));
                    }
                    // the end of the stream goes out with the last chunk: one write, one flush
                    out.writeBytes(DONE_FRAME);
                  }
                  return out.toByteArray();
                })
            .filter(bytes -> bytes.length > 0)
            .onErrorResume(
                error -> {
                  if (!sentAny.get()) {
                    // nothing went out yet: answer with a real HTTP error status instead
                    return Flux.error(error);
                  }
                  status.set("error");
                  OpenAiException openAi =
                      error instanceof CompletionFailure failure
                          ? toOpenAi(failure)
                          : OpenAiException.server("The stream failed.");
                  return Flux.just(frame(new OpenAiException.Envelope(openAi.body())));
                });
    return response.writeAndFlushWith(frames.map(bytes -> Mono.just(wrap(response, bytes))));
  }

  private Mono<Void> single(
      ServerHttpResponse response,
      Flux<GenerationEvent> events,
      String id,
      long created,
      String model,
      RequestTrace trace,
      List<Notice> notices) {
    StringBuilder text = new StringBuilder();
    AtomicReference<GenerationEvent.Done> last = new AtomicReference<>();
    return events
        .doOnNext(
            event -> {
              if (event instanceof GenerationEvent.Token token) {
                text.append(token.text());
              } else if (event instanceof GenerationEvent.Done done) {
                last.set(done);
              }
            })
        .then(
            Mono.defer(
                () -> {
                  GenerationEvent.Done done = last.get();
                  int prompt = done == null ? trace.promptTokens() : done.promptTokens();
                  int completion =
                      done == null ? trace.completionTokens() : done.completionTokens();
                  ChatCompletion answer =
                      new ChatCompletion(
                          id,
                          "chat.completion",
                          created,
                          model,
                          fingerprint(trace),
                          List.of(
                              new Choice(
                                  0,
                                  new Message("assistant", text.toString(), null),
                                  null,
                                  finishReason(done == null ? "stop" : done.finishReason()))),
                          Usage.of(prompt, completion),
                          notices);
                  response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
                  return response.writeWith(
                      Mono.just(wrap(response, json.writeValueAsBytes(answer))));
                }));
  }

  private byte[] chunk(
      String id,
      long created,
      String model,
      RequestTrace trace,
      Delta delta,
      String finishReason,
      Usage usage) {
    return chunk(id, created, model, trace, delta, finishReason, usage, List.of());
  }

  private byte[] chunk(
      String id,
      long created,
      String model,
      RequestTrace trace,
      Delta delta,
      String finishReason,
      Usage usage,
      List<Notice> notices) {
    return frame(
        new Chunk(
            id,
            "chat.completion.chunk",
            created,
            model,
            fingerprint(trace),
            List.of(new ChunkChoice(0, delta, null, finishReason)),
            usage,
            notices));
  }

  /** The text before and after the content string of a content chunk of this request. */
  private String[] contentFrameTemplate(String id, long created, String model, RequestTrace trace) {
    String marker = "\"@@content-" + UUID.randomUUID() + "@@\"";
    byte[] frame =
        chunk(
            id,
            created,
            model,
            trace,
            new Delta(null, marker.substring(1, marker.length() - 1)),
            null,
            null);
    String text = new String(frame, StandardCharsets.UTF_8);
    int at = text.indexOf(marker);
    return new String[] {text.substring(0, at), text.substring(at + marker.length())};
  }

  private byte[] usageChunk(
      String id, long created, String model, RequestTrace trace, GenerationEvent.Done done) {
    return frame(
        new Chunk(
            id,
            "chat.completion.chunk",
            created,
            model,
            fingerprint(trace),
            List.of(),
            Usage.of(done.promptTokens(), done.completionTokens()),
            List.of()));
  }

  private byte[] frame(Object payload) {
    byte[] body = json.writeValueAsBytes(payload);
    byte[] frame = new byte[body.length + 8];
    System.arraycopy("data: ".getBytes(StandardCharsets.US_ASCII), 0, frame, 0, 6);
    System.arraycopy(body, 0, frame, 6, body.length);
    frame[frame.length - 2] = '\n';
    frame[frame.length - 1] = '\n';
    return frame;
  }

  private static DataBuffer wrap(ServerHttpResponse response, byte[] bytes) {
    return response.bufferFactory().wrap(bytes);
  }

  private static String fingerprint(RequestTrace trace) {
    return trace.version() == null ? null : "fp_" + trace.version();
  }

  static String finishReason(String reason) {
    if (reason == null) {
      return "stop";
    }
    return switch (reason) {
      case "length", "content_filter" -> reason;
      default -> "stop";
    };
  }

  private static OpenAiException toOpenAi(CompletionFailure failure) {
    return switch (failure.kind()) {
      case REJECTED ->
          OpenAiException.invalid(
              failure.param(),
              failure.param() == null ? "invalid_request" : "invalid_value",
              failure.getMessage());
      case OVERLOADED -> OpenAiException.overloaded(failure.retryAfter());
      case NO_CAPACITY ->
          OpenAiException.unavailable(
              "The model is currently unavailable or overloaded. Please retry. ("
                  + failure.getMessage()
                  + ")");
      case MID_STREAM ->
          OpenAiException.server("The model failed while generating the response. Please retry.");
    };
  }

  private static OpenAiException rateLimited(QuotaDecision decision) {
    boolean tokens = "tokens".equals(decision.exceeded());
    String message =
        tokens
            ? "Rate limit reached on tokens per min (TPM): Limit "
                + decision.tokenLimit()
                + ". Please try again in "
                + decision.headers().get("retry-after")
                + "s."
            : "Rate limit reached on requests per min (RPM): Limit "
                + decision.requestLimit()
                + ". Please try again in "
                + decision.headers().get("retry-after")
                + "s.";
    return OpenAiException.rateLimited(tokens ? "tokens" : "requests", message, decision.headers());
  }

  private static String requestId(ServerWebExchange exchange) {
    String given = exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER);
    return given != null && !given.isBlank() && given.length() <= 128
        ? given
        : UUID.randomUUID().toString();
  }
}
