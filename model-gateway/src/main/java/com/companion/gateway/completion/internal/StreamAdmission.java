package com.companion.gateway.completion.internal;

import com.companion.gateway.node.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * The line in front of the nodes. A request takes a stream on a node with room for one; when every
 * usable node is full it waits here, first come first served, and gets the next stream that frees
 * up. When the line is full, or a request has waited {@code maxWait}, it is refused with {@link
 * Overloaded} at once: an overloaded platform answers "busy, retry in N s" quickly instead of
 * letting turns run into timeouts that look like a broken model.
 */
public final class StreamAdmission {

  /** What one try to place a request found. */
  public sealed interface Pick {
    /** A stream on this node is taken for the request. */
    record Taken(Node node) implements Pick {}

    /** Usable nodes exist, all of them full. */
    record Full() implements Pick {}

    /** No usable node at all (none ready, all ejected or open). */
    record NoNode() implements Pick {}
  }

  /** Refused for now; retry after the given time. */
  public static final class Overloaded extends RuntimeException {
    private final Duration retryAfter;

    Overloaded(String message, Duration retryAfter) {
      super(message);
      this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
      return retryAfter;
    }
  }

  private final int maxWaiting;
  private final Duration maxWait;
  private final Duration retryAfter;
  private final Scheduler timer;
  private final LinkedList<Waiter> line = new LinkedList<>();

  public StreamAdmission(int maxWaiting, Duration maxWait, Duration retryAfter, Scheduler timer) {
    this.maxWaiting = maxWaiting;
    this.maxWait = maxWait;
    this.retryAfter = retryAfter;
    this.timer = timer;
  }

  private static final class Waiter {
    final Supplier<Pick> picker;
    final MonoSink<Node> sink;
    final AtomicBoolean settled = new AtomicBoolean();

    Waiter(Supplier<Pick> picker, MonoSink<Node> sink) {
      this.picker = picker;
      this.sink = sink;
    }
  }

  /**
   * A node with a stream taken for this request; empty when there is no usable node at all; an
   * {@link Overloaded} error when it cannot be served now. {@code picker} tries to take a stream.
   */
  public Mono<Node> acquire(Supplier<Pick> picker) {
    return Mono.<Node>create(
            sink -> {
              Waiter waiter = new Waiter(picker, sink);
              synchronized (this) {
                // nobody waits ahead: try at once (the common case, no line at all)
                if (line.isEmpty()) {
                  Pick pick = picker.get();
                  if (pick instanceof Pick.Taken taken) {
                    sink.success(taken.node());
                    return;
                  }
                  if (pick instanceof Pick.NoNode) {
                    sink.success();
                    return;
                  }
                }
                if (line.size() >= maxWaiting) {
                  sink.error(
                      new Overloaded(
                          "every inference node is busy and "
                              + maxWaiting
                              + " requests are waiting",
                          retryAfter));
                  return;
                }
                line.add(waiter);
              }
              sink.onCancel(() -> leave(waiter));
              var deadline =
                  Mono.delay(maxWait, timer)
                      .subscribe(
                          tick -> {
                            if (leave(waiter)) {
                              sink.error(
                                  new Overloaded(
                                      "every inference node stayed busy for "
                                          + maxWait.toSeconds()
                                          + " s",
                                      retryAfter));
                            }
                          });
              sink.onDispose(deadline);
            })
        // a stream handed over just as its caller left is given back, not lost
        .doOnDiscard(
            Node.class,
            node -> {
              node.release();
              node.recordAbandoned();
              freed();
            });
  }

  /** Takes the waiter out of the line unless it was already served; true if this call did. */
  private boolean leave(Waiter waiter) {
    if (!waiter.settled.compareAndSet(false, true)) {
      return false;
    }
    synchronized (this) {
      line.remove(waiter);
    }
    return true;
  }

  /** A stream was freed (or a node came back): serve who waits, in order, while there is room. */
  public void freed() {
    List<java.util.function.BooleanSupplier> grants = null;
    synchronized (this) {
      Iterator<Waiter> waiting = line.iterator();
      while (waiting.hasNext()) {
        Waiter waiter = waiting.next();
        Pick pick = waiter.picker.get();
        if (pick instanceof Pick.Full) {
          // a later request may want another pool that has room; this one keeps its place
          continue;
        }
        waiting.remove();
        if (grants == null) {
          grants = new ArrayList<>();
        }
        grants.add(() -> settle(waiter, pick));
      }
    }
    if (grants == null) {
      return;
    }
    boolean givenBack = false;
    for (var grant : grants) {
      givenBack |= grant.getAsBoolean();
    }
    if (givenBack) {
      freed();
    }
  }

  /** Hands the pick to the waiter; true when the waiter had left and a stream was given back. */
  private static boolean settle(Waiter waiter, Pick pick) {
    if (!waiter.settled.compareAndSet(false, true)) {
      if (pick instanceof Pick.Taken taken) {
        taken.node().release();
        taken.node().recordAbandoned();
        return true;
      }
      return false;
    }
    if (pick instanceof Pick.Taken taken) {
      waiter.sink.success(taken.node());
    } else {
      waiter.sink.success();
    }
    return false;
  }

  /** Requests waiting now. */
  public synchronized int waiting() {
    return line.size();
  }
}
