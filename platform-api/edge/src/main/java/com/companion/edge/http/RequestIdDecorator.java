package com.companion.edge.http;

import com.companion.platform.web.RequestIds;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * Gives every request an {@code X-Request-Id}: the caller's if it is a sane token, else a new UUID.
 * The id is put on the request itself, before any filter or handler runs, so it is forwarded
 * upstream, written into every problem body, and echoed on the response.
 *
 * <p>This is an {@link HttpHandler} decorator rather than a web filter because error handlers see
 * the exchange as it entered the filter chain; a filter's mutated request would not reach them.
 */
public final class RequestIdDecorator implements HttpHandlerDecoratorFactory {

  /** Long enough for the usual trace ids; nothing that could smuggle header syntax into logs. */
  private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @Override
  public HttpHandler apply(HttpHandler delegate) {
    return (request, response) -> {
      String id = requestId(request);
      ServerHttpRequest withId =
          request.mutate().headers(headers -> headers.set(RequestIds.HEADER, id)).build();
      response.beforeCommit(
          () -> {
            response.getHeaders().set(RequestIds.HEADER, id);
            return Mono.empty();
          });
      return delegate.handle(withId, response);
    };
  }

  static String requestId(ServerHttpRequest request) {
    String given = request.getHeaders().getFirst(RequestIds.HEADER);
    if (given != null && ACCEPTED.matcher(given).matches()) {
      return given;
    }
    return UUID.randomUUID().toString();
  }
}
