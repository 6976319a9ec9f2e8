package com.companion.chat.turn;

import com.companion.chat.ChatProperties;
import com.companion.chat.web.Callers;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.PlatformProblem;
import java.time.Duration;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * Sending a message, regenerating a reply and editing a message. With {@code Accept:
 * text/event-stream} the turn streams as SSE ({@code message}, {@code notice}, {@code delta},
 * {@code error}, {@code done}); otherwise it answers with one JSON {@link TurnOutcome}.
 */
@RestController
public class TurnController {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final int MAX_KEY_LENGTH = 255;

  private final TurnService turns;
  private final Duration deltaWindow;

  public TurnController(TurnService turns, ChatProperties properties) {
    this.turns = turns;
    this.deltaWindow = properties.deltaWindow();
  }

  /** What the user sends; both fields are JSON strings (a number is a 400, not text). */
  public record SendRequest(
      @JsonDeserialize(using = StrictText.class) String content,
      @JsonDeserialize(using = StrictText.class) String speakerId) {}

  /** The new text of an edited message. */
  public record EditRequest(@JsonDeserialize(using = StrictText.class) String content) {}

  @PostMapping("/v1/conversations/{id}/messages")
  public Mono<ResponseEntity<Object>> send(
      @PathVariable UUID id,
      @RequestBody SendRequest body,
      @RequestHeader(value = IDEMPOTENCY_KEY, required = false) String key,
      PlatformPrincipal principal,
      ServerWebExchange exchange) {
    return turns
        .send(id, body.content(), body.speakerId(), Callers.of(principal, exchange), checked(key))
        .flatMap(start -> respond(start, exchange));
  }

  @PostMapping("/v1/conversations/{id}/messages/{messageId}/regenerate")
  public Mono<ResponseEntity<Object>> regenerate(
      @PathVariable UUID id,
      @PathVariable UUID messageId,
      @RequestHeader(value = IDEMPOTENCY_KEY, required = false) String key,
      PlatformPrincipal principal,
      ServerWebExchange exchange) {
    return turns
        .regenerate(id, messageId, Callers.of(principal, exchange), checked(key))
        .flatMap(start -> respond(start, exchange));
  }

  @PutMapping("/v1/conversations/{id}/messages/{messageId}")
  public Mono<ResponseEntity<Object>> edit(
      @PathVariable UUID id,
      @PathVariable UUID messageId,
      @RequestBody EditRequest body,
      @RequestHeader(value = IDEMPOTENCY_KEY, required = false) String key,
      PlatformPrincipal principal,
      ServerWebExchange exchange) {
    return turns
        .edit(id, messageId, body.content(), Callers.of(principal, exchange), checked(key))
        .flatMap(start -> respond(start, exchange));
  }

  private static String checked(String key) {
    if (key == null) {
      return null;
    }
    if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
      throw PlatformProblem.badRequest(
              "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters")
          .with("field", IDEMPOTENCY_KEY);
    }
    return key;
  }

  private Mono<ResponseEntity<Object>> respond(
      TurnService.Start start, ServerWebExchange exchange) {
    boolean stream =
        exchange.getRequest().getHeaders().getAccept().stream()
            .anyMatch(
                type ->
                    type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM) && !type.isWildcardType());
    if (stream) {
      Flux<TurnEvent> events =
          switch (start) {
            case TurnService.Start.Live live ->
                DeltaGathering.of(live.events(), deltaWindow, Schedulers.parallel());
            case TurnService.Start.Replay replay -> Flux.fromIterable(replay.outcome().events());
          };
      Flux<ServerSentEvent<Object>> sse =
          events
              .map(TurnController::sse)
              .onErrorResume(
                  e -> {
                    var problem = TurnService.problem(e).getBody();
                    return Flux.just(
                        sse(
                            new TurnEvent.ErrorEvent(
                                String.valueOf(problem.getType()), problem.getDetail())));
                  });
      return Mono.just(
          ResponseEntity.ok()
              .contentType(MediaType.TEXT_EVENT_STREAM)
              .header("Cache-Control", "no-cache")
              // tells buffering proxies to pass each event on at once
              .header("X-Accel-Buffering", "no")
              .body(sse));
    }
    Mono<TurnOutcome> outcome =
        switch (start) {
          case TurnService.Start.Live live -> live.events().collectList().map(TurnOutcome::of);
          case TurnService.Start.Replay replay -> Mono.just(replay.outcome());
        };
    return outcome.map(o -> ResponseEntity.status(HttpStatus.CREATED).body(o));
  }

  private static ServerSentEvent<Object> sse(TurnEvent event) {
    Object data =
        switch (event) {
          case TurnEvent.MessageEvent m -> m.message();
          case TurnEvent.SpeakerEvent s -> s;
          case TurnEvent.Delta d -> d;
          case TurnEvent.NoticeEvent n -> n.notice();
          case TurnEvent.ErrorEvent e -> e;
          case TurnEvent.Done d -> d;
        };
    return ServerSentEvent.builder(data).event(event.name()).build();
  }
}
