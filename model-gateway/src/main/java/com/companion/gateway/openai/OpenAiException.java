package com.companion.gateway.openai;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An error answered in OpenAI's shape, {@code {"error":{"message","type","param","code"}}}, with
 * the status OpenAI uses for it, so OpenAI client libraries raise their usual exception types.
 */
public class OpenAiException extends RuntimeException {

  private final HttpStatus status;
  private final String type;
  private final String param;
  private final String code;
  private final Map<String, String> headers;

  public OpenAiException(
      HttpStatus status,
      String message,
      String type,
      String param,
      String code,
      Map<String, String> headers) {
    super(message);
    this.status = status;
    this.type = type;
    this.param = param;
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  public static OpenAiException invalid(String param, String code, String message) {
    return new OpenAiException(
        HttpStatus.BAD_REQUEST, message, "invalid_request_error", param, code, Map.of());
  }

  public static OpenAiException unauthorized(String code, String message) {
    return new OpenAiException(
        HttpStatus.UNAUTHORIZED, message, "invalid_request_error", null, code, Map.of());
  }

  public static OpenAiException forbidden(String message) {
    return new OpenAiException(
        HttpStatus.FORBIDDEN,
        message,
        "invalid_request_error",
        null,
        "permission_denied",
        Map.of());
  }

  public static OpenAiException modelNotFound(String model) {
    return new OpenAiException(
        HttpStatus.NOT_FOUND,
        "The model `" + model + "` does not exist or you do not have access to it.",
        "invalid_request_error",
        "model",
        "model_not_found",
        Map.of());
  }

  public static OpenAiException notFound(String message) {
    return new OpenAiException(
        HttpStatus.NOT_FOUND, message, "invalid_request_error", null, "not_found", Map.of());
  }

  public static OpenAiException rateLimited(
      String type, String message, Map<String, String> headers) {
    return new OpenAiException(
        HttpStatus.TOO_MANY_REQUESTS, message, type, null, "rate_limit_exceeded", headers);
  }

  public static OpenAiException unavailable(String message) {
    return new OpenAiException(
        HttpStatus.SERVICE_UNAVAILABLE,
        message,
        "server_error",
        null,
        "service_unavailable",
        Map.of());
  }

  /**
   * Every node is busy: 503 with {@code Retry-After}, which OpenAI client libraries honour when
   * they retry.
   */
  public static OpenAiException overloaded(java.time.Duration retryAfter) {
    long seconds = Math.max(1, retryAfter == null ? 1 : (retryAfter.toMillis() + 999) / 1000);
    return new OpenAiException(
        HttpStatus.SERVICE_UNAVAILABLE,
        "The model is busy with other requests right now. Please retry after " + seconds + " s.",
        "server_error",
        null,
        "overloaded",
        Map.of("retry-after", String.valueOf(seconds)));
  }

  public static OpenAiException server(String message) {
    return new OpenAiException(
        HttpStatus.INTERNAL_SERVER_ERROR, message, "server_error", null, null, Map.of());
  }

  public HttpStatus status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** The body member {@code error}. */
  public ErrorBody body() {
    return new ErrorBody(getMessage(), type, param, code);
  }

  public record ErrorBody(String message, String type, String param, String code) {}

  public record Envelope(ErrorBody error) {}
}
