package com.companion.gateway.openai;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders errors on the OpenAI-compatible paths ({@code /v1/chat/completions}, {@code /v1/models})
 * in OpenAI's error shape. It runs before the platform's problem+json handler, which keeps every
 * other path (the admin API) on RFC 9457.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class OpenAiErrorHandler implements WebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(OpenAiErrorHandler.class);

  private final JsonMapper json;

  public OpenAiErrorHandler(JsonMapper json) {
    this.json = json;
  }

  public static boolean isOpenAiPath(String path) {
    return path.equals("/v1/chat/completions")
        || path.equals("/v1/models")
        || path.startsWith("/v1/models/");
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    if (!isOpenAiPath(exchange.getRequest().getPath().pathWithinApplication().value())) {
      return Mono.error(error);
    }
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.error(error);
    }
    OpenAiException openAi = toOpenAi(error);
    if (openAi.status().is5xxServerError()) {
      log.warn(
          "{} answered {}: {}",
          exchange.getRequest().getPath(),
          openAi.status(),
          openAi.getMessage(),
          error);
    }
    response.setStatusCode(openAi.status());
    openAi.headers().forEach((name, value) -> response.getHeaders().set(name, value));
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    byte[] body = json.writeValueAsBytes(new OpenAiException.Envelope(openAi.body()));
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }

  static OpenAiException toOpenAi(Throwable error) {
    if (error instanceof OpenAiException openAi) {
      return openAi;
    }
    if (error instanceof DataBufferLimitException) {
      return OpenAiException.invalid(null, "request_too_large", "The request body is too large.");
    }
    if (error instanceof ServerWebInputException input) {
      return OpenAiException.invalid(
          null,
          null,
          "We could not parse the JSON body of your request. "
              + (input.getReason() == null ? "" : input.getReason()));
    }
    if (error instanceof ErrorResponse response) {
      HttpStatusCode status = response.getStatusCode();
      String detail = response.getBody().getDetail();
      String message = detail == null ? "Request failed with status " + status.value() : detail;
      return switch (status.value()) {
        case 401 -> OpenAiException.unauthorized("invalid_api_key", message);
        case 403 -> OpenAiException.forbidden(message);
        case 404 -> OpenAiException.notFound(message);
        case 429 -> OpenAiException.rateLimited("requests", message, Map.of());
        case 503 -> OpenAiException.unavailable(message);
        default ->
            status.is4xxClientError()
                ? new OpenAiException(
                    HttpStatus.valueOf(status.value()),
                    message,
                    "invalid_request_error",
                    null,
                    null,
                    Map.of())
                : OpenAiException.server("The server had an error while processing your request.");
      };
    }
    return OpenAiException.server("The server had an error while processing your request.");
  }
}
