package com.companion.edge.access;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.problem.ProblemType;
import com.companion.edge.EdgeProperties;
import com.companion.edge.http.EdgeFilterOrder;
import com.companion.edge.product.Product;
import com.companion.edge.product.ProductCatalog;
import com.companion.edge.ratelimit.BucketLimit;
import com.companion.edge.ratelimit.RateLimitTarget;
import com.companion.platform.auth.AuthProperties;
import com.companion.platform.web.BearerAuthWebFilter;
import com.companion.platform.web.ProblemWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Who may pass the edge. The contracts' {@link BearerAuthWebFilter} has already verified a JWT (and
 * answered 401 for a bad one); this filter then insists on one, resolves its product and picks the
 * caller's rate-limit bucket.
 *
 * <p>The one exception is the OpenAI-compatible model API: there a bearer that is not a JWT is an
 * API key, which only the model gateway can check, so it is passed through untouched.
 */
public final class EdgeAccessFilter implements WebFilter, Ordered {

  /** Paths where an API key may stand in for a JWT. */
  static final List<PathPattern> API_KEY_PATHS =
      List.of(
          PathPatternParser.defaultInstance.parse("/v1/chat/completions"),
          PathPatternParser.defaultInstance.parse("/v1/models/**"));

  private final ProductCatalog catalog;
  private final List<PathPattern> publicPaths;
  private final BucketLimit apiKeyLimit;

  public EdgeAccessFilter(
      ProductCatalog catalog, AuthProperties auth, EdgeProperties.RateLimit rateLimit) {
    this.catalog = catalog;
    this.publicPaths =
        auth.publicPaths().stream().map(PathPatternParser.defaultInstance::parse).toList();
    this.apiKeyLimit =
        new BucketLimit(rateLimit.apiKeyBurst(), rateLimit.apiKeyRequestsPerMinute());
  }

  @Override
  public int getOrder() {
    return EdgeFilterOrder.ACCESS;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
    if (matches(publicPaths, path)) {
      return chain.filter(exchange);
    }
    PlatformPrincipal principal = BearerAuthWebFilter.principal(exchange);
    if (principal != null) {
      if (!catalog.isLoaded()) {
        return ProblemWriter.write(
            exchange,
            HttpStatus.SERVICE_UNAVAILABLE,
            ProblemType.DEPENDENCY_UNAVAILABLE,
            "the product catalog is not loaded yet");
      }
      Optional<Product> product = catalog.enabled(principal.product());
      if (product.isEmpty()) {
        return ProblemWriter.write(
            exchange,
            HttpStatus.FORBIDDEN,
            ProblemType.UNKNOWN_PRODUCT,
            "product '" + principal.product() + "' is unknown or disabled");
      }
      Product p = product.get();
      new RateLimitTarget(
              RateLimitTarget.userKey(p.id(), principal.userId()),
              new BucketLimit(p.burst(), p.requestsPerMinute()))
          .attachTo(exchange);
      return chain.filter(exchange);
    }
    String bearer =
        bearerToken(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
    if (bearer != null && matches(API_KEY_PATHS, path)) {
      new RateLimitTarget("key:" + sha256(bearer), apiKeyLimit).attachTo(exchange);
      return chain.filter(exchange);
    }
    exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    return ProblemWriter.write(
        exchange,
        HttpStatus.UNAUTHORIZED,
        ProblemType.UNAUTHENTICATED,
        bearer == null ? "a bearer token is required" : "the bearer token is not a platform JWT");
  }

  private static boolean matches(List<PathPattern> patterns, PathContainer path) {
    return patterns.stream().anyMatch(pattern -> pattern.matches(path));
  }

  private static String bearerToken(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  /** API keys never reach Redis in clear text. */
  private static String sha256(String value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
