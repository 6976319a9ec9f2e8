package com.companion.contracts.problem;

import java.net.URI;

/**
 * Stable problem {@code type} URIs (RFC 9457). Clients branch on these, so a slug never changes
 * meaning once published; add new ones instead.
 */
public record ProblemType(String slug, String title) {

  public static final String BASE = "https://companion.example/problems/";

  public static final ProblemType INVALID_REQUEST =
      new ProblemType("invalid-request", "Invalid request");
  public static final ProblemType UNAUTHENTICATED =
      new ProblemType("unauthenticated", "Authentication required");
  public static final ProblemType FORBIDDEN = new ProblemType("forbidden", "Not allowed");
  public static final ProblemType UNKNOWN_PRODUCT =
      new ProblemType("unknown-product", "Unknown product");
  public static final ProblemType NOT_FOUND = new ProblemType("not-found", "Not found");
  public static final ProblemType METHOD_NOT_ALLOWED =
      new ProblemType("method-not-allowed", "Method not allowed");
  public static final ProblemType CONFLICT = new ProblemType("conflict", "Conflict");
  public static final ProblemType PAYLOAD_TOO_LARGE =
      new ProblemType("payload-too-large", "Payload too large");
  public static final ProblemType UNSUPPORTED_MEDIA_TYPE =
      new ProblemType("unsupported-media-type", "Unsupported media type");
  public static final ProblemType NOT_ACCEPTABLE =
      new ProblemType("not-acceptable", "Not acceptable");
  public static final ProblemType UNPROCESSABLE =
      new ProblemType("unprocessable", "Unprocessable content");
  public static final ProblemType RATE_LIMITED =
      new ProblemType("rate-limited", "Too many requests");
  public static final ProblemType CONTENT_BLOCKED =
      new ProblemType("content-blocked", "Content blocked");
  public static final ProblemType DEPENDENCY_UNAVAILABLE =
      new ProblemType("dependency-unavailable", "A dependency is unavailable");
  public static final ProblemType INTERNAL = new ProblemType("internal", "Internal error");

  public static ProblemType custom(String slug, String title) {
    return new ProblemType(slug, title);
  }

  public URI uri() {
    return URI.create(BASE + slug);
  }

  /** The default type for a bare HTTP status, used when the framework raised the error. */
  public static ProblemType forStatus(int status) {
    return switch (status) {
      case 400 -> INVALID_REQUEST;
      case 401 -> UNAUTHENTICATED;
      case 403 -> FORBIDDEN;
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 406 -> NOT_ACCEPTABLE;
      case 409 -> CONFLICT;
      case 413 -> PAYLOAD_TOO_LARGE;
      case 415 -> UNSUPPORTED_MEDIA_TYPE;
      case 422 -> UNPROCESSABLE;
      case 429 -> RATE_LIMITED;
      case 502, 503, 504 -> DEPENDENCY_UNAVAILABLE;
      default -> status >= 500 ? INTERNAL : INVALID_REQUEST;
    };
  }
}
