package com.companion.safety.screening;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.PlatformProblem;
import com.companion.safety.config.InternalCallerFilter;
import com.companion.safety.config.ServiceCredentials;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/moderations}: the OpenAI moderation shape plus our policy's action. */
@RestController
public class ModerationController {

  static final int MAX_INPUTS = 32;
  static final int MAX_INPUT_CHARS = 32_000;

  private final ModerationService service;
  private final ServiceCredentials credentials;

  public ModerationController(ModerationService service, ServiceCredentials credentials) {
    this.service = service;
    this.credentials = credentials;
  }

  @PostMapping("/v1/moderations")
  public Mono<ModerationResponse> moderate(
      @RequestBody ModerationRequest request,
      PlatformPrincipal caller,
      ServerWebExchange exchange) {
    List<String> inputs = inputs(request == null ? null : request.input());
    ModerationResponse response = service.moderate(inputs, caller);
    ModerationContext context = trusted(request.context(), exchange);
    if (!ModerationService.needsReview(response, context)) {
      return Mono.just(response);
    }
    return Mono.fromCallable(() -> service.enqueue(response, inputs, context, caller))
        .subscribeOn(Schedulers.boundedElastic());
  }

  /**
   * The author of moderated text is the caller. Only a platform service (service credential) may
   * name someone else in {@code context.author_id}; from anyone else it is ignored, so nobody can
   * pin flagged text, and strikes, on another user.
   */
  private ModerationContext trusted(ModerationContext context, ServerWebExchange exchange) {
    if (context == null
        || context.authorId() == null
        || InternalCallerFilter.service(exchange, credentials) != null) {
      return context;
    }
    return new ModerationContext(
        context.targetType(),
        context.targetId(),
        context.conversationId(),
        context.characterId(),
        null,
        context.precedingTurns());
  }

  static List<String> inputs(JsonNode input) {
    if (input == null || input.isNull()) {
      throw PlatformProblem.badRequest("input is required").with("field", "input");
    }
    List<String> out = new ArrayList<>();
    if (input.isString()) {
      out.add(input.asString());
    } else if (input.isArray()) {
      for (JsonNode n : input) {
        if (!n.isString()) {
          throw PlatformProblem.badRequest("input items must be strings").with("field", "input");
        }
        out.add(n.asString());
      }
    } else {
      throw PlatformProblem.badRequest("input must be a string or an array of strings")
          .with("field", "input");
    }
    if (out.isEmpty() || out.size() > MAX_INPUTS) {
      throw PlatformProblem.badRequest("between 1 and " + MAX_INPUTS + " inputs")
          .with("field", "input");
    }
    for (String s : out) {
      if (s.length() > MAX_INPUT_CHARS) {
        throw PlatformProblem.badRequest("an input is longer than " + MAX_INPUT_CHARS + " chars")
            .with("field", "input");
      }
    }
    return out;
  }
}
