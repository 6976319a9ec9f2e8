package com.companion.platform.web;

import com.companion.contracts.problem.ProblemType;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The one exception services throw for a 4xx/5xx answer; rendered as problem+json. */
public class PlatformProblem extends ErrorResponseException {

  private PlatformProblem(HttpStatusCode status, ProblemDetail body, Throwable cause) {
    super(status, body, cause);
  }

  public static PlatformProblem of(HttpStatusCode status, ProblemType type, String detail) {
    return of(status, type, detail, null);
  }

  public static PlatformProblem of(
      HttpStatusCode status, ProblemType type, String detail, Throwable cause) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setType(type.uri());
    body.setTitle(type.title());
    return new PlatformProblem(status, body, cause);
  }

  public static PlatformProblem badRequest(String detail) {
    return of(HttpStatusCode.valueOf(400), ProblemType.INVALID_REQUEST, detail);
  }

  public static PlatformProblem notFound(String detail) {
    return of(HttpStatusCode.valueOf(404), ProblemType.NOT_FOUND, detail);
  }

  public static PlatformProblem forbidden(String detail) {
    return of(HttpStatusCode.valueOf(403), ProblemType.FORBIDDEN, detail);
  }

  public static PlatformProblem conflict(String detail) {
    return of(HttpStatusCode.valueOf(409), ProblemType.CONFLICT, detail);
  }

  /** Adds an extension member such as {@code field} or {@code limit} to the problem body. */
  public PlatformProblem with(String name, Object value) {
    getBody().setProperty(name, value);
    return this;
  }
}
