package com.companion.platform.web;

import com.companion.contracts.problem.ProblemType;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
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

  /**
   * Like {@link #call}, for work that takes something others wait for, such as a transaction that
   * holds a lease: the work is never cut short, and when its subscriber has cancelled by the time
   * it ends, its result goes to {@code abandoned}, which gives back what it took. Each result
   * reaches either the subscriber's {@code onNext} or {@code abandoned}, once.
   */
  public static <T> Mono<T> callToTheEnd(Callable<T> work, Consumer<? super T> abandoned) {
    return Mono.<T>from(
            subscriber -> {
              Handoff<T> handoff = new Handoff<>(subscriber, abandoned);
              subscriber.onSubscribe(handoff);
              Schedulers.boundedElastic().schedule(handoff.running(work));
            })
        .onErrorMap(Blocking::isUnavailable, Blocking::unavailable);
  }

  /**
   * One subscriber's result: delivered once it is requested, or given back when the subscriber
   * cancelled first. One lock orders the cancel against the delivery, so neither can miss the
   * other.
   */
  private static final class Handoff<T> implements Subscription {
    private final Subscriber<? super T> subscriber;
    private final Consumer<? super T> abandoned;
    private boolean requested;
    private boolean finished;
    private boolean cancelled;
    private boolean delivered;
    private T value;
    private Throwable error;

    Handoff(Subscriber<? super T> subscriber, Consumer<? super T> abandoned) {
      this.subscriber = subscriber;
      this.abandoned = abandoned;
    }

    Runnable running(Callable<T> work) {
      return () -> {
        T result = null;
        Throwable failure = null;
        try {
          result = work.call();
        } catch (Throwable e) {
          failure = e;
        }
        finish(result, failure);
      };
    }

    @Override
    public void request(long n) {
      synchronized (this) {
        if (n <= 0 || requested) {
          return;
        }
        requested = true;
        if (finished) {
          deliver();
        }
      }
    }

    @Override
    public void cancel() {
      T orphan;
      synchronized (this) {
        if (cancelled || delivered) {
          return;
        }
        cancelled = true;
        orphan = value;
        value = null;
      }
      if (orphan != null) {
        abandoned.accept(orphan);
      }
    }

    private void finish(T result, Throwable failure) {
      synchronized (this) {
        if (!cancelled) {
          finished = true;
          value = result;
          error = failure;
          if (requested) {
            deliver();
          }
          return;
        }
      }
      if (result != null) {
        abandoned.accept(result);
      }
    }

    /** Holding the lock: a cancel from here on comes after the subscriber has its result. */
    private void deliver() {
      delivered = true;
      T result = value;
      value = null;
      if (error != null) {
        subscriber.onError(error);
        return;
      }
      if (result != null) {
        subscriber.onNext(result);
      }
      subscriber.onComplete();
    }
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
