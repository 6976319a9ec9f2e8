package com.companion.gateway.completion;

/**
 * What happened to one request, filled in as it goes and read once at the end for metering. Written
 * from the reactive pipeline of that request only.
 */
public final class RequestTrace {

  private final long startedNanos = System.nanoTime();
  private volatile String version;
  private volatile String node;
  private volatile int attempts;
  private volatile long firstTokenNanos;
  private volatile int promptTokens;
  private volatile int completionTokens;
  private volatile String finishReason;

  void attempt(String version, String node) {
    this.version = version;
    this.node = node;
    this.attempts++;
  }

  void firstToken() {
    if (firstTokenNanos == 0) {
      firstTokenNanos = System.nanoTime();
    }
  }

  void done(GenerationEvent.Done done) {
    this.finishReason = done.finishReason();
    this.promptTokens = done.promptTokens();
    this.completionTokens = done.completionTokens();
  }

  /** Counts streamed tokens so a request cut short still meters what it produced. */
  void tokens(int count) {
    completionTokens += count;
  }

  void resetTokens() {
    completionTokens = 0;
  }

  public String version() {
    return version;
  }

  public String node() {
    return node;
  }

  public int attempts() {
    return attempts;
  }

  public Long ttftMillis() {
    return firstTokenNanos == 0 ? null : (firstTokenNanos - startedNanos) / 1_000_000;
  }

  public long elapsedMillis() {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  public int promptTokens() {
    return promptTokens;
  }

  public int completionTokens() {
    return completionTokens;
  }

  public String finishReason() {
    return finishReason;
  }
}
