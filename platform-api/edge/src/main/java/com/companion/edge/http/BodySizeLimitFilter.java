package com.companion.edge.http;

import com.companion.contracts.problem.ProblemType;
import com.companion.edge.EdgeProperties;
import com.companion.platform.web.PlatformProblem;
import com.companion.platform.web.ProblemWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Request body limits: {@code image/*} bodies (card PNG imports, avatars) up to {@code
 * edge.body-limits.image}, everything else up to {@code edge.body-limits.standard}. A declared
 * {@code Content-Length} over the limit is answered 413 before anything is read; a chunked body is
 * counted as it streams and cut off with 413 once it passes the limit.
 */
public final class BodySizeLimitFilter implements WebFilter, Ordered {

  private final long standardLimit;
  private final long imageLimit;

  public BodySizeLimitFilter(EdgeProperties.BodyLimits limits) {
    this.standardLimit = limits.standard().toBytes();
    this.imageLimit = limits.image().toBytes();
  }

  @Override
  public int getOrder() {
    return EdgeFilterOrder.BODY_LIMIT;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    long limit = limitFor(request.getHeaders().getContentType());
    long declared = request.getHeaders().getContentLength();
    if (declared > limit) {
      return ProblemWriter.write(exchange, tooLarge(limit));
    }
    if (declared >= 0) {
      return chain.filter(exchange);
    }
    ServerHttpRequest counted =
        new ServerHttpRequestDecorator(request) {
          @Override
          public Flux<DataBuffer> getBody() {
            AtomicLong seen = new AtomicLong();
            return super.getBody()
                .handle(
                    (buffer, sink) -> {
                      if (seen.addAndGet(buffer.readableByteCount()) > limit) {
                        DataBufferUtils.release(buffer);
                        sink.error(problem(limit));
                      } else {
                        sink.next(buffer);
                      }
                    });
          }
        };
    return chain.filter(exchange.mutate().request(counted).build());
  }

  long limitFor(MediaType contentType) {
    return contentType != null && "image".equalsIgnoreCase(contentType.getType())
        ? imageLimit
        : standardLimit;
  }

  private static ProblemDetail tooLarge(long limit) {
    return problem(limit).getBody();
  }

  private static PlatformProblem problem(long limit) {
    return PlatformProblem.of(
            HttpStatus.PAYLOAD_TOO_LARGE,
            ProblemType.PAYLOAD_TOO_LARGE,
            "request body is larger than " + limit + " bytes")
        .with("limit_bytes", limit);
  }
}
