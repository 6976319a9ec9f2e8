package com.companion.platform.web;

import com.companion.contracts.problem.ProblemType;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes a {@link ProblemDetail} as {@code application/problem+json} from filters and handlers. */
public final class ProblemWriter {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ProblemWriter() {}

  public static Mono<Void> write(
      ServerWebExchange exchange, HttpStatusCode status, ProblemType type, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type.uri());
    problem.setTitle(type.title());
    return write(exchange, problem);
  }

  public static Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.empty();
    }
    if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
      ProblemType type = ProblemType.forStatus(problem.getStatus());
      problem.setType(type.uri());
      if (problem.getTitle() == null) {
        problem.setTitle(type.title());
      }
    }
    if (problem.getInstance() == null) {
      problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
    }
    response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    byte[] body = JSON.writeValueAsBytes(toMap(problem, exchange));
    DataBuffer buffer = response.bufferFactory().wrap(body);
    return response.writeWith(Mono.just(buffer));
  }

  static Map<String, Object> toMap(ProblemDetail problem, ServerWebExchange exchange) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", String.valueOf(problem.getType()));
    body.put("title", problem.getTitle());
    body.put("status", problem.getStatus());
    if (problem.getDetail() != null) {
      body.put("detail", problem.getDetail());
    }
    body.put("instance", String.valueOf(problem.getInstance()));
    String requestId = exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER);
    if (requestId != null) {
      body.put("request_id", requestId);
    }
    if (problem.getProperties() != null) {
      problem.getProperties().forEach(body::putIfAbsent);
    }
    return body;
  }
}
