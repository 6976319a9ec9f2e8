package com.companion.gateway.metering;

import com.companion.contracts.events.ModelRequestUsage;
import com.companion.contracts.events.Topics;
import com.companion.gateway.auth.Caller;
import com.companion.gateway.completion.RequestTrace;
import com.companion.platform.outbox.Outbox;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Writes one {@code usage.model-request} event per request into the gateway's outbox, from where
 * the relay publishes it to Kafka: a Kafka outage delays events, it does not lose them.
 *
 * <p>Events are written by one writer at a time, each write taking every event that arrived while
 * the previous one ran, in one transaction. A lone request's event is written at once, as before;
 * under load, many requests share a transaction instead of paying one each (at 32 streams a
 * transaction per request was the gateway's largest cost of its own). What a crash can lose is what
 * a transaction per request could lose too: the events of requests that ended while a write was
 * under way (milliseconds' worth). A shutdown writes what is queued before the database closes.
 */
@Component
public class UsageMeter {

  private static final Logger log = LoggerFactory.getLogger(UsageMeter.class);

  /** The most events one transaction takes; the rest wait for the next. */
  static final int MAX_BATCH = 256;

  /** Events queued beyond this are refused (logged): the database has been failing for long. */
  static final int MAX_QUEUED = 50_000;

  private final Outbox outbox;
  private final TransactionTemplate tx;
  private final Scheduler writer;
  private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean writing = new AtomicBoolean();

  @Autowired
  public UsageMeter(Outbox outbox, TransactionTemplate tx) {
    this(outbox, tx, Schedulers.boundedElastic());
  }

  UsageMeter(Outbox outbox, TransactionTemplate tx, Scheduler writer) {
    this.outbox = outbox;
    this.tx = tx;
    this.writer = writer;
  }

  /** What the request asked for, for the event. */
  public record RequestInfo(String requestId, String alias, boolean stream, String endUser) {}

  private record Pending(
      String requestId, String alias, String product, String user, Object data) {}

  /**
   * Queues the request's event for the next write; completes once queued. The write itself runs
   * apart, and a failed one is logged with the request ids it held.
   */
  public Mono<Void> record(Caller caller, RequestInfo request, RequestTrace trace, String status) {
    return Mono.fromRunnable(() -> enqueue(pending(caller, request, trace, status)));
  }

  private static Pending pending(
      Caller caller, RequestInfo request, RequestTrace trace, String status) {
    ModelRequestUsage usage =
        new ModelRequestUsage(
            ModelRequestUsage.SCHEMA_VERSION,
            request.requestId(),
            caller.kind().wireName(),
            caller.apiKeyId(),
            caller.service(),
            request.endUser(),
            request.alias(),
            trace == null ? null : trace.version(),
            trace == null ? null : trace.node(),
            request.stream(),
            trace == null ? 0 : trace.promptTokens(),
            trace == null ? 0 : trace.completionTokens(),
            trace == null ? null : trace.ttftMillis(),
            trace == null ? 0 : trace.elapsedMillis(),
            status,
            trace == null ? null : trace.finishReason(),
            trace == null ? 0 : trace.attempts());
    String user = caller.userId() != null ? caller.userId() : caller.apiKeyId();
    return new Pending(request.requestId(), request.alias(), caller.product(), user, usage);
  }

  private void enqueue(Pending event) {
    if (queued.incrementAndGet() > MAX_QUEUED) {
      queued.decrementAndGet();
      log.error(
          "usage event of {} not written: {} events are waiting for the database",
          event.requestId(),
          MAX_QUEUED);
      return;
    }
    queue.add(event);
    if (writing.compareAndSet(false, true)) {
      try {
        writer.schedule(this::writeQueued);
      } catch (RejectedExecutionException e) {
        // the writer stopped: the service is shutting down, and its flush writes what is queued
        writing.set(false);
      }
    }
  }

  /** Writes batches until the queue is empty; only one caller runs it at a time. */
  private void writeQueued() {
    while (true) {
      List<Pending> batch = take();
      if (batch.isEmpty()) {
        writing.set(false);
        // an event queued between the last take and the flag's reset has no writer yet
        if (queue.isEmpty() || !writing.compareAndSet(false, true)) {
          return;
        }
        continue;
      }
      write(batch);
    }
  }

  private List<Pending> take() {
    List<Pending> batch = new ArrayList<>();
    Pending next;
    while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
      batch.add(next);
    }
    queued.addAndGet(-batch.size());
    return batch;
  }

  private void write(List<Pending> batch) {
    try {
      tx.executeWithoutResult(
          s -> {
            for (Pending event : batch) {
              outbox.append(
                  Topics.MODEL_REQUEST,
                  event.requestId(),
                  ModelRequestUsage.TYPE,
                  "models/" + event.alias(),
                  event.product(),
                  event.user(),
                  event.data());
            }
          });
    } catch (RuntimeException e) {
      log.error(
          "usage events of {} not written", batch.stream().map(Pending::requestId).toList(), e);
    }
  }

  /** Writes what is queued; on shutdown, before the database goes. */
  @PreDestroy
  public void flush() {
    List<Pending> batch;
    while (!(batch = take()).isEmpty()) {
      write(batch);
    }
  }
}
