package com.companion.edge.guard;

import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.ProblemWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The edge is the public entry, so its metrics are not public: {@code /actuator/prometheus} answers
 * only a scraper presenting {@code Authorization: Bearer <edge.metrics.scrape-token>}. Without a
 * configured token (the default) it answers nobody. Everyone else gets the same 404 as any unknown
 * path. Health probes stay open.
 */
public final class MetricsGuard implements WebFilter, Ordered {

  static final String METRICS_PATH = "/actuator/prometheus";

  private final byte[] token;

  public MetricsGuard(String scrapeToken) {
    this.token =
        scrapeToken == null || scrapeToken.isBlank()
            ? null
            : ("Bearer " + scrapeToken).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 45;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (!path.startsWith(METRICS_PATH)) {
      return chain.filter(exchange);
    }
    String given = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (token != null
        && given != null
        && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
      return chain.filter(exchange);
    }
    return ProblemWriter.write(
        exchange, HttpStatus.NOT_FOUND, ProblemType.NOT_FOUND, "no route for " + path);
  }
}
