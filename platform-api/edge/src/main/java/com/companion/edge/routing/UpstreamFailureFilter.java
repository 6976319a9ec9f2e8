package com.companion.edge.routing;

import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.PlatformProblem;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Turns a failed upstream into a problem the client can act on: a service that cannot be reached is
 * a 503 (retry later), one that dropped the connection before answering is a 502. Without this the
 * connection error would surface as a 500, as if the edge itself were broken.
 */
public final class UpstreamFailureFilter implements GlobalFilter, Ordered {

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    return chain
        .filter(exchange)
        .onErrorMap(
            UpstreamFailureFilter::unreachable,
            e ->
                PlatformProblem.of(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    ProblemType.DEPENDENCY_UNAVAILABLE,
                    service(exchange) + " is unavailable",
                    e))
        .onErrorMap(
            PrematureCloseException.class,
            e ->
                PlatformProblem.of(
                    HttpStatus.BAD_GATEWAY,
                    ProblemType.DEPENDENCY_UNAVAILABLE,
                    service(exchange) + " closed the connection before answering",
                    e));
  }

  static boolean unreachable(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof ConnectException
          || e instanceof UnknownHostException
          || e instanceof NoRouteToHostException) {
        return true;
      }
    }
    return false;
  }

  private static String service(ServerWebExchange exchange) {
    Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
    return route == null ? "the upstream service" : route.getId();
  }
}
