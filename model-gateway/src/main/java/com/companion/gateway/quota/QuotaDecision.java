package com.companion.gateway.quota;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The verdict of the quota check and the figures for OpenAI's {@code x-ratelimit-*} headers.
 *
 * @param exceeded null when allowed, else {@code requests} or {@code tokens}
 * @param resetMillis time until the current window ends
 */
public record QuotaDecision(
    boolean allowed,
    String exceeded,
    int requestLimit,
    long requestsRemaining,
    int tokenLimit,
    long tokensRemaining,
    long resetMillis) {

  /** No quota applies (service callers), or Redis could not be asked. */
  public static final QuotaDecision UNLIMITED = new QuotaDecision(true, null, 0, 0, 0, 0, 0);

  public boolean limited() {
    return requestLimit > 0 || tokenLimit > 0;
  }

  public Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    if (!limited()) {
      return headers;
    }
    String reset = resetText();
    if (requestLimit > 0) {
      headers.put("x-ratelimit-limit-requests", String.valueOf(requestLimit));
      headers.put("x-ratelimit-remaining-requests", String.valueOf(Math.max(0, requestsRemaining)));
      headers.put("x-ratelimit-reset-requests", reset);
    }
    if (tokenLimit > 0) {
      headers.put("x-ratelimit-limit-tokens", String.valueOf(tokenLimit));
      headers.put("x-ratelimit-remaining-tokens", String.valueOf(Math.max(0, tokensRemaining)));
      headers.put("x-ratelimit-reset-tokens", reset);
    }
    if (!allowed) {
      headers.put("retry-after", String.valueOf(Math.max(1, (resetMillis + 999) / 1000)));
    }
    return headers;
  }

  private String resetText() {
    // OpenAI writes durations like "6m0s", "20ms", "1.5s"
    return resetMillis < 1000
        ? resetMillis + "ms"
        : String.format(java.util.Locale.ROOT, "%.3fs", resetMillis / 1000.0);
  }
}
