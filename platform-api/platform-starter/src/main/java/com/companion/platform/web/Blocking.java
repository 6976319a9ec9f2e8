package com.companion.platform.web;

import com.companion.contracts.problem.ProblemType;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.CannotCreateTransactionException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs blocking JDBC work off the event loop. PostgreSQL unreachable or overloaded is not a bug in
 * the request: it becomes a 503 with Retry-After, not a 500; readiness reports the database too, so
 * the orchestrator stops routing here meanwhile.
 */
public final class Blocking {

  private static final Logger log = LoggerFactory.getLogger(Blocking.class);

  private Blocking() {}

  public static <T> Mono<T> call(Callable<T> work) {
    return Mono.fromCallable(work)
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(Blocking::isUnavailable, Blocking::unavailable);
  }

  public static Mono<Void> run(Runnable work) {
    return Mono.<Void>fromRunnable(work)
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(Blocking::isUnavailable, Blocking::unavailable);
  }

  private static boolean isUnavailable(Throwable e) {
    return e instanceof DataAccessResourceFailureException
        || e instanceof TransientDataAccessException
        || e instanceof CannotCreateTransactionException;
  }

  private static Throwable unavailable(Throwable e) {
    log.warn("database unavailable: {}", e.toString());
    PlatformProblem problem =
        PlatformProblem.of(
            HttpStatus.SERVICE_UNAVAILABLE,
            ProblemType.DEPENDENCY_UNAVAILABLE,
            "the database is unavailable, try again shortly",
            e);
    problem.getHeaders().set("Retry-After", "5");
    return problem;
  }
}
