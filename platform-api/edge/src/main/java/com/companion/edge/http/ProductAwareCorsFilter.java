package com.companion.edge.http;

import com.companion.contracts.problem.ProblemType;
import com.companion.edge.EdgeProperties;
import com.companion.edge.product.ProductCatalog;
import com.companion.platform.web.ProblemWriter;
import com.companion.platform.web.RequestIds;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS for browser clients. Allowed origins are {@code edge.cors.allowed-origins} plus the {@code
 * allowed_origins} of every enabled product. A preflight cannot carry a token, so the product is
 * not known yet; the union is the most that can be checked at this point. A request from any other
 * origin gets a 403 problem, not a silent CORS failure.
 *
 * <p>Credentials (cookies) are not allowed: the platform authenticates with bearer tokens only.
 */
public final class ProductAwareCorsFilter implements WebFilter, Ordered {

  static final List<String> ALLOWED_METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
  static final List<String> ALLOWED_HEADERS =
      List.of(
          HttpHeaders.AUTHORIZATION,
          HttpHeaders.CONTENT_TYPE,
          HttpHeaders.ACCEPT,
          HttpHeaders.ACCEPT_LANGUAGE,
          "Idempotency-Key",
          "Last-Event-ID",
          RequestIds.HEADER);
  static final List<String> EXPOSED_HEADERS =
      List.of(
          RequestIds.HEADER,
          HttpHeaders.RETRY_AFTER,
          HttpHeaders.LOCATION,
          "X-RateLimit-Limit",
          "X-RateLimit-Remaining");

  private final CorsProcessor processor = new DefaultCorsProcessor();
  private final EdgeProperties.Cors settings;
  private final ProductCatalog catalog;

  public ProductAwareCorsFilter(EdgeProperties.Cors settings, ProductCatalog catalog) {
    this.settings = settings;
    this.catalog = catalog;
  }

  @Override
  public int getOrder() {
    return EdgeFilterOrder.CORS;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!CorsUtils.isCorsRequest(exchange.getRequest()) || isNavigation(exchange)) {
      return chain.filter(exchange);
    }
    if (!processor.process(configuration(), exchange)) {
      return ProblemWriter.write(
          exchange,
          HttpStatus.FORBIDDEN,
          ProblemType.FORBIDDEN,
          "cross-origin request from "
              + exchange.getRequest().getHeaders().getOrigin()
              + " is not allowed");
    }
    if (CorsUtils.isPreFlightRequest(exchange.getRequest())) {
      exchange.getResponse().setStatusCode(HttpStatus.NO_CONTENT);
      return exchange.getResponse().setComplete();
    }
    return chain.filter(exchange);
  }

  /**
   * A page navigating, such as the identity service's sign-in form posting itself, is not a CORS
   * request, whatever its Origin: under our {@code Referrer-Policy: no-referrer} Chromium sends
   * such a form with {@code Origin: null}. No bearer token rides along on a navigation, and the
   * form carries its own CSRF token. Only browsers set {@code Sec-Fetch-Mode}; scripts cannot.
   */
  private static boolean isNavigation(ServerWebExchange exchange) {
    return "navigate".equals(exchange.getRequest().getHeaders().getFirst("Sec-Fetch-Mode"));
  }

  CorsConfiguration configuration() {
    Set<String> origins = new LinkedHashSet<>(settings.allowedOrigins());
    origins.addAll(catalog.allowedOrigins());
    CorsConfiguration config = new CorsConfiguration();
    config.setAllowedOrigins(new ArrayList<>(origins));
    config.setAllowedMethods(ALLOWED_METHODS);
    config.setAllowedHeaders(ALLOWED_HEADERS);
    config.setExposedHeaders(EXPOSED_HEADERS);
    config.setAllowCredentials(false);
    config.setMaxAge(settings.maxAge());
    return config;
  }
}
