package com.companion.identity.web;

import com.companion.contracts.problem.ProblemType;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error a controller or Spring MVC raises becomes problem+json with a stable {@code type}:
 * the service's own {@code PlatformProblem}s keep theirs, framework errors get the type of their
 * status.
 */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
  private static final URI BLANK = URI.create("about:blank");

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail problem =
        body instanceof ProblemDetail detail
            ? detail
            : ex instanceof ErrorResponse response
                ? response.getBody()
                : ProblemDetail.forStatus(status);
    typed(problem, status.value());
    return super.handleExceptionInternal(ex, problem, headers, status, request);
  }

  /** Redis or PostgreSQL down: the caller may retry, so say so rather than "internal". */
  @ExceptionHandler(DataAccessResourceFailureException.class)
  ResponseEntity<ProblemDetail> unavailable(DataAccessResourceFailureException e) {
    log.warn("a dependency is unavailable: {}", e.toString());
    ProblemDetail problem =
        Problems.detail(
            503, ProblemType.DEPENDENCY_UNAVAILABLE, "the service is briefly unavailable");
    return ResponseEntity.status(503).header("Retry-After", "5").body(problem);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    log.error("unexpected error", e);
    ProblemDetail problem =
        Problems.detail(500, ProblemType.INTERNAL, "the request could not be completed");
    return ResponseEntity.status(500).body(problem);
  }

  static void typed(ProblemDetail problem, int status) {
    if (problem.getType() == null || BLANK.equals(problem.getType())) {
      ProblemType type = ProblemType.forStatus(status);
      problem.setType(type.uri());
      problem.setTitle(type.title());
    }
  }
}
