package com.companion.platform.auth;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether a service insists on a bearer token.
 *
 * @param required when false, a request without a valid JWT passes through unauthenticated and the
 *     service decides (the model gateway also accepts API keys)
 * @param publicPaths path patterns that never need a token (probes and metrics)
 * @param products the products this service serves; a token naming any other is refused (403 {@code
 *     unknown-product}), so a service reached past the edge refuses what the edge refuses. Empty:
 *     any product (the edge, which checks its own product table).
 */
@ConfigurationProperties("platform.auth")
public record AuthProperties(
    @DefaultValue("true") boolean required,
    @DefaultValue({"/actuator/**", "/health", "/ready", "/metrics"}) List<String> publicPaths,
    List<String> products) {

  public AuthProperties {
    products = products == null ? List.of() : List.copyOf(products);
  }
}
