package com.companion.platform.web;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.problem.ProblemType;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Lets controller methods declare a {@link PlatformPrincipal} parameter. */
public final class PrincipalArgumentResolver implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == PlatformPrincipal.class;
  }

  @Override
  public Mono<Object> resolveArgument(
      MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
    PlatformPrincipal principal = BearerAuthWebFilter.principal(exchange);
    if (principal == null) {
      return Mono.error(
          PlatformProblem.of(
              HttpStatus.UNAUTHORIZED, ProblemType.UNAUTHENTICATED, "a bearer token is required"));
    }
    return Mono.just(principal);
  }
}
