package com.companion.platform.admission;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * A first-come first-served line in front of something scarce (a turn slot, a stream on a node). A
 * caller takes one at once when nobody waits and one is free; otherwise it waits, holding nothing
 * but a pending {@link Mono}, and gets the next one that frees up. It is refused when the line is
 * full or once it has waited {@code maxWait}: past capacity, waiting costs nothing while refused
 * clients come back and spend the CPU the admitted ones need, but a wait without end helps nobody.
 *
 * @param <T> what a caller gets: released by its owner, who then calls {@link #freed()}
 */
public final class FairLine<T> {

  /** What one try to take something found. */
  public sealed interface Pick<T> {
    /** Taken for this caller. */
    record Taken<T>(T taken) implements Pick<T> {}

    /** Nothing free now; something may free up. */
    record Full<T>() implements Pick<T> {}

    /** Nothing to wait for at all: the caller gets an empty answer. */
    record None<T>() implements Pick<T> {}

    static <T> Pick<T> taken(T taken) {
      return new Taken<>(taken);
    }

    static <T> Pick<T> full() {
      return new Full<>();
    }

    static <T> Pick<T> none() {
      return new None<>();
    }
  }

  /** Why a caller was refused. */
  public enum Refusal {
    LINE_FULL,
    WAITED_TOO_LONG
  }

  private final int maxWaiting;
  private final Duration maxWait;
  private final Scheduler timer;
  private final Class<T> type;
  private final Function<Refusal, ? extends Throwable> refusal;
  private final Consumer<T> giveBack;
  private final LinkedList<Waiter<T>> line = new LinkedList<>();

  /**
   * @param type what a caller gets, for what Reactor discards
   * @param refusal the error a refused caller gets
   * @param giveBack undoes a take for a caller that left just as it was served; the line then
   *     serves the next one
   */
  public FairLine(
      int maxWaiting,
      Duration maxWait,
      Scheduler timer,
      Class<T> type,
      Function<Refusal, ? extends Throwable> refusal,
      Consumer<T> giveBack) {
    this.maxWaiting = Math.max(0, maxWaiting);
    this.maxWait = maxWait;
    this.timer = timer;
    this.type = type;
    this.refusal = refusal;
    this.giveBack = giveBack;
  }

  private static final class Waiter<T> {
    final Supplier<Pick<T>> picker;
    final MonoSink<T> sink;
    final AtomicBoolean settled = new AtomicBoolean();

    Waiter(Supplier<Pick<T>> picker, MonoSink<T> sink) {
      this.picker = picker;
      this.sink = sink;
    }
  }

  /**
   * What {@code picker} takes for this caller, at once or after those ahead in line; empty when it
   * finds nothing to wait for; the refusal error when the line is full or the wait too long. The
   * picker runs under the line's lock, so a take and a place in line are one step.
   */
  public Mono<T> enter(Supplier<Pick<T>> picker) {
    return Mono.<T>create(
            sink -> {
              Waiter<T> waiter = new Waiter<>(picker, sink);
              Pick<T> atOnce = null;
              boolean lineFull = false;
              synchronized (this) {
                if (line.isEmpty()) {
                  Pick<T> pick = picker.get();
                  atOnce = pick instanceof Pick.Full<T> ? null : pick;
                }
                if (atOnce == null) {
                  lineFull = line.size() >= maxWaiting;
                  if (!lineFull) {
                    line.add(waiter);
                  }
                }
              }
              // answered outside the lock, as freed() does: the caller's next steps (a turn's first
              // writes, the request to a node) run on inside success(), and must not hold up every
              // other caller's enter and release meanwhile
              if (atOnce instanceof Pick.Taken<T> taken) {
                sink.success(taken.taken());
                return;
              }
              if (atOnce != null) {
                sink.success();
                return;
              }
              if (lineFull) {
                sink.error(refusal.apply(Refusal.LINE_FULL));
                return;
              }
              sink.onCancel(() -> leave(waiter));
              sink.onDispose(
                  Mono.delay(maxWait, timer)
                      .subscribe(
                          tick -> {
                            if (leave(waiter)) {
                              sink.error(refusal.apply(Refusal.WAITED_TOO_LONG));
                            }
                          }));
            })
        // handed over just as its caller left: given back, not lost
        .doOnDiscard(
            type,
            taken -> {
              giveBack.accept(taken);
              freed();
            });
  }

  /** Takes the waiter out of the line unless it was served already; true if this call did. */
  private boolean leave(Waiter<T> waiter) {
    if (!waiter.settled.compareAndSet(false, true)) {
      return false;
    }
    synchronized (this) {
      line.remove(waiter);
    }
    return true;
  }

  /**
   * Something was released (or came back): serves those waiting, in order, while their pickers find
   * room. A waiter whose picker finds nothing free keeps its place; one behind it may want
   * something else that has room. Sinks are called outside the lock.
   */
  public void freed() {
    List<Runnable> grants = new ArrayList<>();
    List<T> givenBack = new ArrayList<>();
    synchronized (this) {
      Iterator<Waiter<T>> waiting = line.iterator();
      while (waiting.hasNext()) {
        Waiter<T> waiter = waiting.next();
        Pick<T> pick = waiter.picker.get();
        if (pick instanceof Pick.Full<T>) {
          continue;
        }
        waiting.remove();
        if (!waiter.settled.compareAndSet(false, true)) {
          // it left while its turn came: what was taken for it goes back
          if (pick instanceof Pick.Taken<T> taken) {
            givenBack.add(taken.taken());
          }
        } else if (pick instanceof Pick.Taken<T> taken) {
          grants.add(() -> waiter.sink.success(taken.taken()));
        } else {
          grants.add(waiter.sink::success);
        }
      }
    }
    grants.forEach(Runnable::run);
    if (!givenBack.isEmpty()) {
      givenBack.forEach(giveBack);
      freed();
    }
  }

  /** Callers waiting now. */
  public synchronized int waiting() {
    return line.size();
  }
}
