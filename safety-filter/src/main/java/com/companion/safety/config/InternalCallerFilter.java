package com.companion.safety.config;

import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.ProblemWriter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * {@code /internal/**} is for platform services only: a valid {@link ServiceCredentials service
 * credential} is required before anything else, a user's token alone is a 401. The verified service
 * name is kept in the exchange ({@link #SERVICE_ATTRIBUTE}) for the handlers.
 */
@Component
public class InternalCallerFilter implements WebFilter, Ordered {

  public static final String SERVICE_ATTRIBUTE = InternalCallerFilter.class.getName() + ".service";

  private final ServiceCredentials credentials;

  public InternalCallerFilter(ServiceCredentials credentials) {
    this.credentials = credentials;
  }

  /** The verified calling service of this exchange, or null for users. */
  public static String service(ServerWebExchange exchange, ServiceCredentials credentials) {
    String known = exchange.getAttribute(SERVICE_ATTRIBUTE);
    if (known != null) {
      return known;
    }
    return credentials.verify(
        exchange.getRequest().getHeaders().getFirst(ServiceCredentials.HEADER));
  }

  @Override
  public int getOrder() {
    // before the platform's bearer check, so a user token never gets into an internal path
    return Ordered.HIGHEST_PRECEDENCE + 50;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (!path.startsWith("/internal/")) {
      return chain.filter(exchange);
    }
    String service = service(exchange, credentials);
    if (service == null) {
      return ProblemWriter.write(
          exchange,
          HttpStatus.UNAUTHORIZED,
          ProblemType.UNAUTHENTICATED,
          "internal paths need a service credential (" + ServiceCredentials.HEADER + ")");
    }
    exchange.getAttributes().put(SERVICE_ATTRIBUTE, service);
    return chain.filter(exchange);
  }
}
