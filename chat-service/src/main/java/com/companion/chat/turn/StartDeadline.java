package com.companion.chat.turn;

import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.PlatformProblem;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>It also times each step ({@code chat.turn.start.step}, tagged with the step) and the whole
 * start from the turn's arrival ({@code chat.turn.start}), so where a turn's first word waits can
 * be read from the service's metrics.
 */
final class StartDeadline {

  private static final Logger log = LoggerFactory.getLogger(StartDeadline.class);

  /** The steps of a turn's start: the tag of each one's timer, and what a turn waits for there. */
  enum Step {
    GUARDIAN("guardian", "the guardian policy"),
    CONVERSATION("conversation", "the conversation"),
    TARGET("target", "the message the turn answers"),
    INPUT_CHECK("input-check", "the safety check of the user's text"),
    CLAIM(
        "claim",
        "the Idempotency-Key, the conversation's lease and the user's message to be stored"),
    PROMPT("prompt", "the prompt");

    final String tag;
    final String what;

    Step(String tag, String what) {
      this.tag = tag;
      this.what = what;
    }
  }

  private final Duration limit;
  private final Timer whole;
  private final Map<Step, Timer> steps = new EnumMap<>(Step.class);

  StartDeadline(Duration limit, MeterRegistry meters) {
    this.limit = limit;
    this.whole =
        Timer.builder("chat.turn.start")
            .description("from a turn's arrival, its wait in line included, to its stream's start")
            .register(meters);
    for (Step step : Step.values()) {
      steps.put(
          step,
          Timer.builder("chat.turn.start.step")
              .description("one step of a turn's start, from its subscription to its answer")
              .tag("step", step.tag)
              .register(meters));
    }
  }

  /** Follows one turn's steps. */
  Watch watch() {
    return new Watch();
  }

  /** One turn's current step, and the deadline over all of them. */
  final class Watch {
    private final AtomicReference<String> waitingFor = new AtomicReference<>("a turn slot");
    private final Set<String> pendingParts = ConcurrentHashMap.newKeySet();

    /**
     * {@code work}, recorded as what the turn waits for from the moment it is subscribed, and timed
     * as {@code step} until it answers.
     */
    <T> Mono<T> step(Step step, Mono<T> work) {
      Timer timer = steps.get(step);
      return Mono.defer(
          () -> {
            waitingFor.set(step.what);
            long started = System.nanoTime();
            return work.doOnSuccess(
                answer -> timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
          });
    }

    /**
     * {@code work} as one part of the current step that runs beside others: named in the deadline's
     * log line while it has not answered, so a start that never answers tells which part it was.
     */
    <T> Mono<T> part(String name, Mono<T> work) {
      return work.doOnSubscribe(subscription -> pendingParts.add(name))
          .doFinally(signal -> pendingParts.remove(name));
    }

    /** The current step, with the parts of it that have not answered, for the log. */
    String waitingFor() {
      List<String> parts = List.copyOf(pendingParts);
      return parts.isEmpty()
          ? waitingFor.get()
          : waitingFor.get() + " (" + String.join(", ", parts) + " not answered)";
    }

    /**
     * {@code start}, or the 503 when it has not answered within the limit; a start that answers is
     * timed from {@code arrivedNanos}.
     */
    <T> Mono<T> guard(Mono<T> start, String turn, long arrivedNanos) {
      return start
          .doOnSuccess(
              answer -> whole.record(System.nanoTime() - arrivedNanos, TimeUnit.NANOSECONDS))
          .timeout(
              limit,
              Mono.defer(
                  () -> {
                    String what = waitingFor.get();
                    log.warn(
                        "{} did not start within {}: it was waiting for {}",
                        turn,
                        limit,
                        waitingFor());
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
