package com.companion.chat.internal;

import com.companion.chat.Caller;
import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.PlatformProblem;
import com.companion.platform.web.RequestIds;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** What every call to a neighbouring service shares: forwarded headers and one 503 shape. */
public final class Downstream {

  private Downstream() {}

  public static void forward(HttpHeaders headers, Caller caller) {
    if (caller == null) {
      return;
    }
    if (caller.authorization() != null) {
      headers.set(HttpHeaders.AUTHORIZATION, caller.authorization());
    }
    if (caller.requestId() != null) {
      headers.set(RequestIds.HEADER, caller.requestId());
    }
  }

  public static PlatformProblem unavailable(String service, Throwable cause) {
    return PlatformProblem.of(
        HttpStatus.SERVICE_UNAVAILABLE,
        ProblemType.DEPENDENCY_UNAVAILABLE,
        service + " is unavailable, please try again shortly",
        cause);
  }
}
