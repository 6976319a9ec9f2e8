package com.companion.safety.moderation;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.problem.PlatformProblem;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/moderations}: the OpenAI moderation shape plus our policy's action. */
@RestController
public class ModerationController {

  static final int MAX_INPUTS = 32;
  static final int MAX_INPUT_CHARS = 32_000;

  private final ModerationService service;

  public ModerationController(ModerationService service) {
    this.service = service;
  }

  @PostMapping("/v1/moderations")
  public Mono<ModerationResponse> moderate(
      @RequestBody ModerationRequest request, PlatformPrincipal caller) {
    List<String> inputs = inputs(request == null ? null : request.input());
    ModerationResponse response = service.moderate(inputs, caller);
    if (!ModerationService.needsReview(response, request.context())) {
      return Mono.just(response);
    }
    return Mono.fromCallable(() -> service.enqueue(response, inputs, request.context(), caller))
        .subscribeOn(Schedulers.boundedElastic());
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
