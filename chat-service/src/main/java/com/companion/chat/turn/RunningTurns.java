package com.companion.chat.turn;

import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.PlatformProblem;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatusCode;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The turns streaming in this instance, by user and product, so that deleting an account stops them
 * at once: the model's stream is cancelled, the client gets an {@code error} event and the turn
 * records nothing (the erasure removes what it had written). Registering a turn is two map
 * operations; nothing is asked of PostgreSQL or Redis.
 *
 * <p>A turn that had already started when its account's deletion was handled but reaches its stream
 * only afterwards (it was still preparing its prompt) is stopped as it registers: each deletion
 * leaves a mark holding the time it was handled, compared with the turn's start. Turns that start
 * later are not touched here; their conversation is gone by then.
 */
public final class RunningTurns {

  /** Long enough for any turn that started before a deletion to have reached its stream. */
  private static final long MARK_KEPT_NANOS = 10L * 60 * 1_000_000_000;

  private record UserKey(String product, String userId) {}

  private final Map<UserKey, Set<Running>> running = new ConcurrentHashMap<>();
  private final Map<UserKey, Long> deletedAtNanos = new ConcurrentHashMap<>();

  /** One streaming turn: its reply, and the signal that ends its stream with an error. */
  static final class Running {
    private final UserKey user;
    private final Reply reply;
    private final Sinks.One<Boolean> stop = Sinks.one();
    private volatile boolean stopped;

    private Running(UserKey user, Reply reply) {
      this.user = user;
      this.reply = reply;
    }

    /** Emits once the turn is stopped; never completes otherwise. */
    Mono<Boolean> stopped() {
      return stop.asMono();
    }

    /**
     * How the stream ends after {@link #stopped()}: the problem that the client's stream closes
     * with (an SSE {@code error} event, or the answer of a request that is not streamed).
     */
    <T> Mono<T> closing() {
      return stopped
          ? Mono.error(
              PlatformProblem.of(
                  HttpStatusCode.valueOf(401),
                  ProblemType.UNAUTHENTICATED,
                  "this account was deleted"))
          : Mono.empty();
    }

    private void stop() {
      // settling first: the cancelled stream then stores no "cancelled" reply and no usage event
      reply.settle();
      stopped = true;
      stop.tryEmitValue(true);
    }
  }

  /** Registers a turn as its stream starts; stops it at once if its account was deleted since. */
  Running register(Ticket ticket, Reply reply) {
    UserKey user = new UserKey(ticket.product(), ticket.userId());
    Running turn = new Running(user, reply);
    running.compute(
        user,
        (key, turns) -> {
          Set<Running> set = turns == null ? ConcurrentHashMap.newKeySet() : turns;
          set.add(turn);
          return set;
        });
    Long deleted = deletedAtNanos.get(user);
    if (deleted != null && ticket.startedNanos() - deleted <= 0) {
      turn.stop();
    }
    return turn;
  }

  /** Forgets a turn whose stream has ended. */
  void unregister(Running turn) {
    running.computeIfPresent(
        turn.user,
        (key, turns) -> {
          turns.remove(turn);
          return turns.isEmpty() ? null : turns;
        });
  }

  /**
   * Stops every turn of the user in the product that runs here, and every turn already started that
   * registers later. Non-blocking: the turns end on the caller's thread or their own.
   *
   * @return how many running turns were stopped
   */
  public int stopAll(String userId, String product) {
    long now = System.nanoTime();
    deletedAtNanos.values().removeIf(at -> now - at > MARK_KEPT_NANOS);
    UserKey user = new UserKey(product, userId);
    deletedAtNanos.put(user, now);
    Set<Running> turns = running.get(user);
    if (turns == null) {
      return 0;
    }
    List<Running> stopping = List.copyOf(turns);
    stopping.forEach(Running::stop);
    return stopping.size();
  }
}
