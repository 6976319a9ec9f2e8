package com.companion.chat.web;

import com.companion.chat.Caller;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.RequestIds;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/** Builds the {@link Caller} whose credentials are forwarded to other services. */
public final class Callers {

  private Callers() {}

  public static Caller of(PlatformPrincipal principal, ServerWebExchange exchange) {
    HttpHeaders headers = exchange.getRequest().getHeaders();
    return new Caller(
        principal,
        headers.getFirst(HttpHeaders.AUTHORIZATION),
        headers.getFirst(RequestIds.HEADER));
  }
}
