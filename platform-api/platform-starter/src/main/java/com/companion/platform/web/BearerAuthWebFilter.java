package com.companion.platform.web;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.problem.ProblemType;
import com.companion.platform.auth.AuthProperties;
import com.companion.platform.auth.InvalidTokenException;
import com.companion.platform.auth.TokenVerifier;
import java.util.List;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Verifies {@code Authorization: Bearer <jwt>} and stores the {@link PlatformPrincipal} in the
 * exchange. Every service checks the token itself, even behind the edge, so a request that slips
 * past the edge inside the cluster is still unauthenticated.
 */
public final class BearerAuthWebFilter implements WebFilter, Ordered {

  public static final String PRINCIPAL_ATTRIBUTE = PlatformPrincipal.class.getName();

  private final TokenVerifier verifier;
  private final boolean required;
  private final List<PathPattern> publicPaths;
  private final Set<String> products;

  public BearerAuthWebFilter(TokenVerifier verifier, AuthProperties properties) {
    this.verifier = verifier;
    this.required = properties.required();
    this.publicPaths =
        properties.publicPaths().stream().map(PathPatternParser.defaultInstance::parse).toList();
    this.products = Set.copyOf(properties.products());
  }

  /** Whether this service serves the product: listed, or matching a listed {@code prefix*}. */
  private boolean serves(String product) {
    if (products.isEmpty() || products.contains(product)) {
      return true;
    }
    return products.stream()
        .anyMatch(p -> p.endsWith("*") && product.startsWith(p.substring(0, p.length() - 1)));
  }

  /** The verified caller of this exchange, if any. */
  public static PlatformPrincipal principal(ServerWebExchange exchange) {
    return exchange.getAttribute(PRINCIPAL_ATTRIBUTE);
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 100;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (exchange.getRequest().getMethod() == HttpMethod.OPTIONS || isPublic(exchange)) {
      return chain.filter(exchange);
    }
    String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    String token = bearerToken(header);
    if (token == null || !looksLikeJwt(token)) {
      return required
          ? unauthorized(exchange, "a bearer token is required")
          : chain.filter(exchange);
    }
    PlatformPrincipal principal;
    try {
      principal = verifier.verify(token);
    } catch (InvalidTokenException e) {
      return unauthorized(exchange, e.getMessage());
    }
    if (!serves(principal.product())) {
      return ProblemWriter.write(
          exchange,
          HttpStatus.FORBIDDEN,
          ProblemType.UNKNOWN_PRODUCT,
          "this service does not serve product " + principal.product());
    }
    exchange.getAttributes().put(PRINCIPAL_ATTRIBUTE, principal);
    return chain.filter(exchange);
  }

  private boolean isPublic(ServerWebExchange exchange) {
    var path = exchange.getRequest().getPath().pathWithinApplication();
    return publicPaths.stream().anyMatch(pattern -> pattern.matches(path));
  }

  static String bearerToken(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private static boolean looksLikeJwt(String token) {
    return token.chars().filter(c -> c == '.').count() == 2;
  }

  private static Mono<Void> unauthorized(ServerWebExchange exchange, String detail) {
    exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    return ProblemWriter.write(
        exchange, HttpStatus.UNAUTHORIZED, ProblemType.UNAUTHENTICATED, detail);
  }
}
