package com.companion.edge.http;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * Security headers on every response, proxied or produced here. They are set just before the
 * response commits, so they replace whatever an upstream sent rather than being duplicated.
 *
 * <p>HSTS only goes out when the client reached us over https, directly or through a
 * TLS-terminating ingress that says so in {@code X-Forwarded-Proto}: browsers ignore it over plain
 * http, and sending it there would only mislead.
 */
public final class SecurityHeadersDecorator implements HttpHandlerDecoratorFactory {

  static final String HSTS = "max-age=" + Duration.ofDays(365).toSeconds() + "; includeSubDomains";

  @Override
  public HttpHandler apply(HttpHandler delegate) {
    return (request, response) -> {
      boolean https = isHttps(request);
      response.beforeCommit(
          () -> {
            HttpHeaders headers = response.getHeaders();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "no-referrer");
            if (https) {
              headers.set("Strict-Transport-Security", HSTS);
            }
            return Mono.empty();
          });
      return delegate.handle(request, response);
    };
  }

  private static boolean isHttps(ServerHttpRequest request) {
    if ("https".equalsIgnoreCase(request.getURI().getScheme())) {
      return true;
    }
    String forwarded = request.getHeaders().getFirst("X-Forwarded-Proto");
    return forwarded != null && "https".equalsIgnoreCase(forwarded.split(",")[0].trim());
  }
}
