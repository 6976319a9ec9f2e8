package com.companion.identity.web;

import com.companion.contracts.problem.ProblemType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Writes problem+json from places that are not controllers: security filters and handlers. */
public final class Problems {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Problems() {}

  public static ProblemDetail detail(int status, ProblemType type, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(statusOf(status), detail);
    problem.setType(type.uri());
    problem.setTitle(type.title());
    return problem;
  }

  public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", String.valueOf(problem.getType()));
    body.put("title", problem.getTitle());
    body.put("status", problem.getStatus());
    body.put("detail", problem.getDetail());
    if (problem.getProperties() != null) {
      body.putAll(problem.getProperties());
    }
    response.getOutputStream().write(JSON.writeValueAsBytes(body));
  }

  public static void write(
      HttpServletResponse response, int status, ProblemType type, String detail)
      throws IOException {
    write(response, detail(status, type, detail));
  }

  private static org.springframework.http.HttpStatusCode statusOf(int status) {
    return org.springframework.http.HttpStatusCode.valueOf(status);
  }
}
