package com.companion.edge.guard;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.events.Pseudonyms;
import com.companion.contracts.problem.ProblemType;
import com.companion.edge.http.EdgeFilterOrder;
import com.companion.edge.ratelimit.RateLimitTarget;
import com.companion.edge.ratelimit.TokenBucketRateLimiter;
import com.companion.platform.web.BearerAuthWebFilter;
import com.companion.platform.web.LazyConnectionGuard;
import com.companion.platform.web.ProblemWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import org.springframework.core.Ordered;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses suspended users (403 {@code account-suspended}, with {@code suspended_until}), and the
 * tokens of deleted accounts (401, see {@link DeletedAccounts}). safety-filter records suspensions
 * and mirrors each running one to Redis as {@code safety:suspended:<product>:<user>}; the user is
 * named by account id or, for suspensions that came from a character review, by the pseudonym
 * events carry. When the request draws from a rate-limit bucket, the marks are read by the
 * limiter's script, which takes the request's token in the same round trip unless a mark is set
 * (the rate-limit filter then uses that decision). Like the rate limiter, a Redis that does not
 * answer within the timeout lets the request through (counted in {@code
 * edge_suspension_check_fail_open_total}): the suspension stays recorded.
 */
public final class SuspensionFilter implements WebFilter, Ordered {

  public static final ProblemType ACCOUNT_SUSPENDED =
      ProblemType.custom("account-suspended", "This account is suspended");

  static final String KEY_PREFIX = "safety:suspended:";

  private final ReactiveStringRedisTemplate redis;
  private final Pseudonyms pseudonyms;
  private final Clock clock;
  private final Duration timeout;
  private final Counter failOpen;
  private final LazyConnectionGuard connection;
  private final TokenBucketRateLimiter limiter;

  public SuspensionFilter(
      ReactiveStringRedisTemplate redis,
      LazyConnectionGuard connection,
      TokenBucketRateLimiter limiter,
      Pseudonyms pseudonyms,
      Clock clock,
      Duration timeout,
      MeterRegistry meters) {
    this.redis = redis;
    this.connection = connection;
    this.limiter = limiter;
    this.pseudonyms = pseudonyms;
    this.clock = clock;
    this.timeout = timeout;
    this.failOpen = meters.counter("edge_suspension_check_fail_open_total");
  }

  /**
   * One lookup at start-up, so the first user request does not pay for loading the lookup path (the
   * rate limiter warms its script the same way). Never fails start-up.
   */
  public void warmUp() {
    try {
      redis.opsForValue().multiGet(List.of(KEY_PREFIX + "warm-up")).block(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      failOpen.increment();
    }
  }

  @Override
  public int getOrder() {
    // after the access check (a known product and the bucket), before the rate-limit filter
    return EdgeFilterOrder.ACCESS + 5;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    PlatformPrincipal principal = BearerAuthWebFilter.principal(exchange);
    if (principal == null) {
      return chain.filter(exchange);
    }
    List<String> keys =
        List.of(
            DeletedAccounts.key(principal.product(), principal.userId()),
            KEY_PREFIX + principal.product() + ":" + principal.userId(),
            KEY_PREFIX + principal.product() + ":" + pseudonyms.of(principal.userId()));
    RateLimitTarget target = RateLimitTarget.of(exchange);
    Mono<List<String>> marks =
        target == null
            ? connection
                .call(() -> redis.opsForValue().multiGet(keys))
                .timeout(timeout)
                .onErrorResume(e -> Mono.just(List.of()))
                .defaultIfEmpty(List.of())
            : limiter
                .tryConsumeUnlessMarked(target.key(), target.limit(), keys)
                .map(
                    guarded -> {
                      if (guarded.decision() != null) {
                        guarded.decision().attachTo(exchange);
                      }
                      return guarded.values();
                    });
    return marks
        .doOnNext(
            values -> {
              if (values.isEmpty()) {
                failOpen.increment();
              }
            })
        .flatMap(
            values -> {
              if (!values.isEmpty() && values.getFirst() != null) {
                exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                return ProblemWriter.write(
                    exchange,
                    HttpStatus.UNAUTHORIZED,
                    ProblemType.UNAUTHENTICATED,
                    "this account was deleted");
              }
              Instant until = values.isEmpty() ? Instant.MIN : latest(values.subList(1, 3));
              if (!until.isAfter(clock.instant())) {
                return chain.filter(exchange);
              }
              ProblemDetail problem =
                  ProblemDetail.forStatusAndDetail(
                      HttpStatus.FORBIDDEN, "this account is suspended until " + until);
              problem.setType(ACCOUNT_SUSPENDED.uri());
              problem.setTitle(ACCOUNT_SUSPENDED.title());
              problem.setProperty("suspended_until", until.toString());
              return ProblemWriter.write(exchange, problem);
            });
  }

  private static Instant latest(List<String> values) {
    Instant latest = Instant.MIN;
    for (String value : values.stream().filter(Objects::nonNull).toList()) {
      try {
        Instant until = Instant.parse(value);
        if (until.isAfter(latest)) {
          latest = until;
        }
      } catch (DateTimeParseException e) {
        // not ours; ignore
      }
    }
    return latest;
  }
}
