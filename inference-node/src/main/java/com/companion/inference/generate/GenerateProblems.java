package com.companion.inference.generate;

import com.companion.inference.engine.EngineOverloadedException;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps generate failures to RFC 9457 problems: 400 for bad input, 503 + Retry-After when full. */
@RestControllerAdvice(assignableTypes = GenerateController.class)
class GenerateProblems {

  private static final String TYPE_BASE = "https://companion.example/problems/";

  @ExceptionHandler(InvalidGenerateRequest.class)
  ResponseEntity<ProblemDetail> invalid(InvalidGenerateRequest e) {
    ResponseEntity<ProblemDetail> answer =
        problem(HttpStatus.BAD_REQUEST, "invalid-request", e.getMessage(), null);
    if (e.param() != null) {
      // the field at fault, so a caller can point its own user at it
      answer.getBody().setProperty("param", e.param());
    }
    return answer;
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
    return problem(HttpStatus.BAD_REQUEST, "invalid-request", e.getMessage(), null);
  }

  @ExceptionHandler(EngineOverloadedException.class)
  ResponseEntity<ProblemDetail> overloaded(EngineOverloadedException e) {
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "overloaded",
        e.getMessage(),
        Long.toString(Math.max(1, e.retryAfter().toSeconds())));
  }

  private static ResponseEntity<ProblemDetail> problem(
      HttpStatus status, String slug, String detail, String retryAfter) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setType(URI.create(TYPE_BASE + slug));
    var builder = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (retryAfter != null) {
      builder.header(HttpHeaders.RETRY_AFTER, retryAfter);
    }
    return builder.body(body);
  }
}
