package com.companion.gateway.completion;

/** Why a completion could not be produced; the web layer maps each kind to an HTTP answer. */
public class CompletionFailure extends RuntimeException {

  public enum Kind {
    /** no node available, or every attempt failed before the first token */
    NO_CAPACITY,
    /** the node refused the request itself (4xx): retrying elsewhere would not help */
    REJECTED,
    /** the node failed after tokens were already sent */
    MID_STREAM
  }

  private final Kind kind;

  public CompletionFailure(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
