package com.companion.inference.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Admits a generation only from a platform service that presents its credential, {@code
 * X-Service-Key: <service>:<secret>}. A node costs a GPU per request, so an address inside the
 * cluster is not enough to spend it. Probes and metrics ({@code /health}, {@code /ready}, {@code
 * /metrics}, {@code /actuator/**}) stay open: the kubelet and Prometheus carry no secret and those
 * paths reveal nothing a caller could abuse.
 */
public final class ServiceCredentialFilter implements WebFilter, Ordered {

  public static final String HEADER = "X-Service-Key";

  private static final byte[] UNAUTHORIZED =
      ("{\"type\":\"https://companion.example/problems/unauthenticated\","
              + "\"title\":\"Unauthorized\",\"status\":401,"
              + "\"detail\":\"a service credential (X-Service-Key) is required\"}")
          .getBytes(StandardCharsets.UTF_8);

  private final Map<String, byte[]> secrets;

  /**
   * @param credentials service name to secret; at least one
   */
  public ServiceCredentialFilter(Map<String, String> credentials) {
    if (credentials.isEmpty()) {
      throw new IllegalStateException(
          "no service credential is configured: set inference.service-credentials.<service>="
              + "<secret> (the launcher generates one in local mode)");
    }
    this.secrets =
        Map.copyOf(
            credentials.entrySet().stream()
                .collect(
                    java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, e -> e.getValue().getBytes(StandardCharsets.UTF_8))));
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 50;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (!path.startsWith("/v1/")) {
      return chain.filter(exchange);
    }
    if (accepts(exchange.getRequest().getHeaders().getFirst(HEADER))) {
      return chain.filter(exchange);
    }
    var response = exchange.getResponse();
    response.setStatusCode(HttpStatus.UNAUTHORIZED);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(UNAUTHORIZED)));
  }

  boolean accepts(String value) {
    if (value == null) {
      return false;
    }
    int colon = value.indexOf(':');
    if (colon <= 0) {
      return false;
    }
    byte[] expected = secrets.get(value.substring(0, colon));
    // constant-time comparison: the secret must not leak through response timing
    return expected != null
        && MessageDigest.isEqual(
            expected, value.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
  }
}
