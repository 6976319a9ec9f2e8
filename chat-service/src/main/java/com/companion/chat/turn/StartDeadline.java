package com.companion.chat.turn;

import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.PlatformProblem;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/**
 * The longest a turn may take to start streaming: past it the turn ends with a 503 and {@code
 * Retry-After}, and a log line names the turn and the step it was waiting for. Each step has a
 * bound of its own (the line's wait, the database pool, the neighbours' timeouts), so this only
 * catches what none of them does; a client that hears nothing at all cannot tell a slow platform
 * from a lost request, and retries blindly.
 */
final class StartDeadline {

  private static final Logger log = LoggerFactory.getLogger(StartDeadline.class);

  private final Duration limit;

  StartDeadline(Duration limit) {
    this.limit = limit;
  }

  /** Follows one turn's steps. */
  Watch watch() {
    return new Watch();
  }

  /** One turn's current step, and the deadline over all of them. */
  final class Watch {
    private final AtomicReference<String> waitingFor = new AtomicReference<>("a turn slot");

    /** {@code step}, recorded as what the turn waits for from the moment it is subscribed. */
    <T> Mono<T> step(String what, Mono<T> step) {
      return Mono.defer(
          () -> {
            waitingFor.set(what);
            return step;
          });
    }

    /** {@code start}, or the 503 when it has not answered within the limit. */
    <T> Mono<T> guard(Mono<T> start, String turn) {
      return start.timeout(
          limit,
          Mono.defer(
              () -> {
                String what = waitingFor.get();
                log.warn("{} did not start within {}: it was waiting for {}", turn, limit, what);
                PlatformProblem problem =
                    PlatformProblem.of(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        ProblemType.DEPENDENCY_UNAVAILABLE,
                        "the reply could not be started in time (waiting for "
                            + what
                            + "), please try again");
                problem.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
                return Mono.error(problem);
              }));
    }
  }
}
