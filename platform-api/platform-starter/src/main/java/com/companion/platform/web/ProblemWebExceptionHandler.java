package com.companion.platform.web;

import com.companion.contracts.problem.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Renders every error that reaches the web layer as problem+json: errors from handlers, from
 * filters and from the framework itself (404 on unmapped paths, 405, 413, 415). It runs before
 * Spring Boot's default handler, which would answer with its own JSON shape.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public final class ProblemWebExceptionHandler implements WebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    if (exchange.getResponse().isCommitted()) {
      return Mono.error(error);
    }
    if (error instanceof ErrorResponse response) {
      // headers such as Retry-After or Allow belong to the answer too
      response
          .getHeaders()
          .forEach((name, values) -> exchange.getResponse().getHeaders().put(name, values));
    }
    return ProblemWriter.write(exchange, toProblem(error, exchange));
  }

  static ProblemDetail toProblem(Throwable error, ServerWebExchange exchange) {
    if (error instanceof ErrorResponse response) {
      ProblemDetail body = response.getBody();
      ProblemDetail copy = ProblemDetail.forStatus(response.getStatusCode());
      copy.setType(body.getType());
      copy.setTitle(body.getTitle());
      copy.setDetail(body.getDetail());
      copy.setInstance(body.getInstance());
      if (body.getProperties() != null) {
        body.getProperties().forEach(copy::setProperty);
      }
      if (response.getStatusCode().is5xxServerError()) {
        log.warn(
            "{} {} failed",
            exchange.getRequest().getMethod(),
            exchange.getRequest().getPath(),
            error);
      }
      return copy;
    }
    if (error instanceof DataBufferLimitException) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.PAYLOAD_TOO_LARGE, "request body is too large");
      problem.setType(ProblemType.PAYLOAD_TOO_LARGE.uri());
      return problem;
    }
    log.error(
        "{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "unexpected error");
    problem.setType(ProblemType.INTERNAL.uri());
    return problem;
  }
}
