package com.companion.identity.throttle;

import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.PlatformProblem;
import java.time.Duration;
import org.springframework.http.HttpStatusCode;

/** The 429 problem of a throttled attempt, with how long to wait. */
public final class TooManyAttempts {

  private TooManyAttempts() {}

  public static PlatformProblem problem(String detail, Duration wait) {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    PlatformProblem problem =
        PlatformProblem.of(HttpStatusCode.valueOf(429), ProblemType.RATE_LIMITED, detail)
            .with("retry_after_seconds", seconds);
    problem.getHeaders().set("Retry-After", String.valueOf(seconds));
    return problem;
  }
}
