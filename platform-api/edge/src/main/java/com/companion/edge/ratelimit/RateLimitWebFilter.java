package com.companion.edge.ratelimit;

import com.companion.contracts.problem.ProblemType;
import com.companion.edge.http.EdgeFilterOrder;
import com.companion.platform.web.ProblemWriter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Answers 429 with {@code Retry-After} when the caller's bucket is empty. A signed-in user's token
 * is usually taken already, in the suspension check's round trip to Redis ({@link
 * RateLimitDecision#attachTo}); otherwise it is taken here.
 */
public final class RateLimitWebFilter implements WebFilter, Ordered {

  private final TokenBucketRateLimiter limiter;

  public RateLimitWebFilter(TokenBucketRateLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public int getOrder() {
    return EdgeFilterOrder.RATE_LIMIT;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    RateLimitTarget target = RateLimitTarget.of(exchange);
    if (target == null) {
      return chain.filter(exchange);
    }
    RateLimitDecision taken = RateLimitDecision.of(exchange);
    return (taken != null ? Mono.just(taken) : limiter.tryConsume(target.key(), target.limit()))
        .flatMap(
            decision -> {
              HttpHeaders headers = exchange.getResponse().getHeaders();
              headers.set("X-RateLimit-Limit", Integer.toString(target.limit().capacity()));
              if (decision.allowed()) {
                if (decision.remaining() >= 0) {
                  headers.set("X-RateLimit-Remaining", Long.toString(decision.remaining()));
                }
                return chain.filter(exchange);
              }
              headers.set("X-RateLimit-Remaining", "0");
              headers.set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
              ProblemDetail problem =
                  ProblemDetail.forStatusAndDetail(
                      HttpStatus.TOO_MANY_REQUESTS,
                      "rate limit of "
                          + target.limit().refillPerMinute()
                          + " requests per minute (burst "
                          + target.limit().capacity()
                          + ") exceeded");
              problem.setType(ProblemType.RATE_LIMITED.uri());
              problem.setTitle(ProblemType.RATE_LIMITED.title());
              problem.setProperty("retry_after_seconds", decision.retryAfterSeconds());
              return ProblemWriter.write(exchange, problem);
            });
  }
}
