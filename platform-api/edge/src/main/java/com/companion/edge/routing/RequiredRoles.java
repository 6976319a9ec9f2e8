package com.companion.edge.routing;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.BearerAuthWebFilter;
import com.companion.platform.web.ProblemWriter;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A route only callers with one of these roles may take: anyone else gets 403 at the edge, before
 * the request reaches the service (which checks the roles again).
 */
final class RequiredRoles implements GatewayFilter {

  private final Set<Role> anyOf;

  RequiredRoles(Set<Role> anyOf) {
    this.anyOf = Set.copyOf(anyOf);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    PlatformPrincipal principal = BearerAuthWebFilter.principal(exchange);
    if (principal != null && anyOf.stream().anyMatch(principal::hasRole)) {
      return chain.filter(exchange);
    }
    return ProblemWriter.write(
        exchange,
        HttpStatus.FORBIDDEN,
        ProblemType.FORBIDDEN,
        "this path needs one of the roles "
            + anyOf.stream().map(Role::claimValue).sorted().collect(Collectors.joining(", ")));
  }
}
