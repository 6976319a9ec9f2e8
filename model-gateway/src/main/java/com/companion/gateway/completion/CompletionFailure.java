package com.companion.gateway.completion;

import java.time.Duration;

/** Why a completion could not be produced; the web layer maps each kind to an HTTP answer. */
public class CompletionFailure extends RuntimeException {

  public enum Kind {
    /** no node available, or every attempt failed before the first token */
    NO_CAPACITY,
    /** every node is busy: refused for now, retry after {@link #retryAfter()} */
    OVERLOADED,
    /**
     * the request cannot run as given ({@link #param()} names the field); retrying will not help
     */
    REJECTED,
    /** the node failed after tokens were already sent */
    MID_STREAM
  }

  private final Kind kind;
  private final String param;
  private final Duration retryAfter;

  public CompletionFailure(Kind kind, String message, Throwable cause) {
    this(kind, message, cause, null, null);
  }

  public CompletionFailure(
      Kind kind, String message, Throwable cause, String param, Duration retryAfter) {
    super(message, cause);
    this.kind = kind;
    this.param = param;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  /** The request field at fault for {@link Kind#REJECTED}, or null. */
  public String param() {
    return param;
  }

  /** How long an {@link Kind#OVERLOADED} caller should wait, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
