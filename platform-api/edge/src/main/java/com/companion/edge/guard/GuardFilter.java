package com.companion.edge.guard;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.events.Pseudonyms;
import com.companion.contracts.problem.ProblemType;
import com.companion.edge.http.EdgeFilterOrder;
import com.companion.edge.ratelimit.RateLimitDecision;
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
 * The guards of a request that passed the access check, answered from Redis in one round trip:
 *
 * <ul>
 *   <li>the token of a deleted account: 401 (see {@link DeletedAccounts});
 *   <li>a suspended account: 403 {@code account-suspended} with {@code suspended_until}.
 *       safety-filter records suspensions and mirrors each running one to Redis as {@code
 *       safety:suspended:<product>:<user>}; the user is named by account id or, for suspensions
 *       that came from a character review, by the pseudonym events carry;
 *   <li>an empty bucket (the user's, or the API key's): 429 with {@code Retry-After}.
 * </ul>
 *
 * The rate limiter's script reads the two marks and takes the request's token unless a mark is set,
 * so a refused account spends no tokens. A mark whose time is over lets the request through, and
 * its token is then taken in a second call. A signed-in request without a bucket (a public path)
 * only reads the marks. A Redis that does not answer within the timeout lets the request through
 * (counted in {@code edge_suspension_check_fail_open_total} and {@code edge.rate_limit.fail_open}):
 * the suspension stays recorded.
 */
public final class GuardFilter implements WebFilter, Ordered {

  public static final ProblemType ACCOUNT_SUSPENDED =
      ProblemType.custom("account-suspended", "This account is suspended");

  static final String KEY_PREFIX = "safety:suspended:";

  private final ReactiveStringRedisTemplate redis;
  private final LazyConnectionGuard connection;
  private final TokenBucketRateLimiter limiter;
  private final boolean rateLimited;
  private final Pseudonyms pseudonyms;
  private final Clock clock;
  private final Duration timeout;
  private final Counter failOpen;

  /**
   * @param rateLimited false to take no tokens at all ({@code edge.rate-limit.enabled})
   */
  public GuardFilter(
      ReactiveStringRedisTemplate redis,
      LazyConnectionGuard connection,
      TokenBucketRateLimiter limiter,
      boolean rateLimited,
      Pseudonyms pseudonyms,
      Clock clock,
      Duration timeout,
      MeterRegistry meters) {
    this.redis = redis;
    this.connection = connection;
    this.limiter = limiter;
    this.rateLimited = rateLimited;
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
    return EdgeFilterOrder.GUARDS;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    PlatformPrincipal principal = BearerAuthWebFilter.principal(exchange);
    RateLimitTarget target = rateLimited ? RateLimitTarget.of(exchange) : null;
    if (principal == null) {
      return target == null
          ? chain.filter(exchange)
          : limiter
              .tryConsume(target.key(), target.limit())
              .flatMap(decision -> limited(exchange, chain, target, decision));
    }
    List<String> marks =
        List.of(
            DeletedAccounts.key(principal.product(), principal.userId()),
            KEY_PREFIX + principal.product() + ":" + principal.userId(),
            KEY_PREFIX + principal.product() + ":" + pseudonyms.of(principal.userId()));
    if (target == null) {
      return connection
          .call(() -> redis.opsForValue().multiGet(marks))
          .timeout(timeout)
          .onErrorResume(e -> Mono.just(List.of()))
          .defaultIfEmpty(List.of())
          .flatMap(
              values -> {
                Mono<Void> refusal = refusal(exchange, values);
                return refusal != null ? refusal : chain.filter(exchange);
              });
    }
    return limiter
        .tryConsumeUnlessMarked(target.key(), target.limit(), marks)
        .flatMap(
            guarded -> {
              Mono<Void> refusal = refusal(exchange, guarded.values());
              if (refusal != null) {
                return refusal;
              }
              // a mark whose time is over kept the script from taking the token
              return (guarded.decision() != null
                      ? Mono.just(guarded.decision())
                      : limiter.tryConsume(target.key(), target.limit()))
                  .flatMap(decision -> limited(exchange, chain, target, decision));
            });
  }

  /**
   * The 401 or 403 for the marks' values (deleted, suspended by id, suspended by pseudonym), or
   * null to go on. No values means Redis did not answer: fail open.
   */
  private Mono<Void> refusal(ServerWebExchange exchange, List<String> values) {
    if (values.isEmpty()) {
      failOpen.increment();
      return null;
    }
    if (values.getFirst() != null) {
      exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
      return ProblemWriter.write(
          exchange,
          HttpStatus.UNAUTHORIZED,
          ProblemType.UNAUTHENTICATED,
          "this account was deleted");
    }
    Instant until = latest(values.subList(1, 3));
    if (!until.isAfter(clock.instant())) {
      return null;
    }
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.FORBIDDEN, "this account is suspended until " + until);
    problem.setType(ACCOUNT_SUSPENDED.uri());
    problem.setTitle(ACCOUNT_SUSPENDED.title());
    problem.setProperty("suspended_until", until.toString());
    return ProblemWriter.write(exchange, problem);
  }

  private static Mono<Void> limited(
      ServerWebExchange exchange,
      WebFilterChain chain,
      RateLimitTarget target,
      RateLimitDecision decision) {
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
