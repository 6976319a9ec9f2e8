package com.companion.platform.events;

import com.companion.contracts.events.AccountDeleted;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;

/**
 * Applies the events of one topic at most once each, although Kafka delivers them at least once. A
 * message is read first; one this consumer has nothing to do with, or cannot read, is skipped (and
 * never retried: it would fail the same way forever). An event it acts on is applied in one
 * transaction with the insert of its id into the schema's {@code processed_events}: a repeat finds
 * the id and changes nothing, and a handler that fails rolls the insert back with its own changes,
 * so the redelivery that follows applies it again.
 *
 * <p>A service keeps only what is its own: how a message is read and what an event changes.
 *
 * @param <E> the event as this consumer reads it
 * @param <R> what applying one gives back (for the caller, a log line or a test)
 */
public final class EventIntake<E, R> {

  private static final Logger log = LoggerFactory.getLogger(EventIntake.class);

  /** What became of one delivered message. */
  public enum Outcome {
    /** Applied, and its id recorded, in one transaction. */
    HANDLED,
    /** Already processed (a redelivery): nothing changed. */
    DUPLICATE,
    /** Not an event this consumer acts on, or unreadable: skipped, nothing recorded. */
    IGNORED
  }

  /**
   * The answer for one message.
   *
   * @param result what the handler returned; null unless {@link Outcome#HANDLED}
   */
  public record Delivery<R>(Outcome outcome, R result) {

    public static <R> Delivery<R> handled(R result) {
      return new Delivery<>(Outcome.HANDLED, result);
    }

    public static <R> Delivery<R> duplicate() {
      return new Delivery<>(Outcome.DUPLICATE, null);
    }

    public static <R> Delivery<R> ignored() {
      return new Delivery<>(Outcome.IGNORED, null);
    }

    public boolean wasHandled() {
      return outcome == Outcome.HANDLED;
    }
  }

  /** An event to apply, with the CloudEvents {@code id} it is de-duplicated by. */
  public record Received<E>(String eventId, E event) {}

  /** Reads a message. */
  @FunctionalInterface
  public interface Reader<E> {

    /**
     * The event to apply, or empty for a message this consumer has nothing to do with. An
     * unreadable message throws {@link IllegalArgumentException} or {@link JacksonException}.
     */
    Optional<Received<E>> read(String message);
  }

  /** Applies an event. */
  @FunctionalInterface
  public interface Handler<E, R> {

    /**
     * Runs inside the transaction that records the event id; throwing rolls both back and the
     * consumer retries the message. It throws only for failures worth a retry (the database).
     */
    R apply(E event);
  }

  private final String name;
  private final ProcessedEvents processed;
  private final TransactionTemplate transactions;
  private final Reader<E> reader;
  private final Handler<E, R> handler;
  private final BiConsumer<E, R> afterCommit;

  /**
   * @param name names the consumer thread and the log lines
   * @param processed the {@code processed_events} table of the service's schema
   * @param transactions the transactions of the service's data source
   */
  public EventIntake(
      String name,
      ProcessedEvents processed,
      TransactionTemplate transactions,
      Reader<E> reader,
      Handler<E, R> handler) {
    this(name, processed, transactions, reader, handler, (event, result) -> {});
  }

  /**
   * The intake of identity-service's {@code account.deleted} (on {@code account.lifecycle}), which
   * every service that holds a user's data consumes: other account events are ignored, and the
   * handler is given the deletion as {@link AccountDeleted#read} reads it.
   */
  public static <R> EventIntake<AccountDeleted, R> ofAccountDeletions(
      ProcessedEvents processed,
      TransactionTemplate transactions,
      Handler<AccountDeleted, R> handler) {
    return new EventIntake<>(
        "account-deletion-consumer",
        processed,
        transactions,
        message -> AccountDeleted.read(message).map(e -> new Received<>(e.eventId().toString(), e)),
        handler);
  }

  private EventIntake(
      String name,
      ProcessedEvents processed,
      TransactionTemplate transactions,
      Reader<E> reader,
      Handler<E, R> handler,
      BiConsumer<E, R> afterCommit) {
    this.name = name;
    this.processed = processed;
    this.transactions = transactions;
    this.reader = reader;
    this.handler = handler;
    this.afterCommit = afterCommit;
  }

  /**
   * The same intake with a step that runs after the transaction committed, for a handled event
   * only: work outside the database (a cache, a reload) that must not see uncommitted rows. A
   * failure there is logged; the event stays processed.
   */
  public EventIntake<E, R> afterCommit(BiConsumer<E, R> step) {
    return new EventIntake<>(name, processed, transactions, reader, handler, step);
  }

  /**
   * Handles one message. Throws only when the transaction fails (the database is down), so that the
   * consumer retries the message instead of skipping it.
   */
  public Delivery<R> handle(String message) {
    Received<E> received;
    try {
      Optional<Received<E>> read = reader.read(message);
      if (read.isEmpty()) {
        return Delivery.ignored();
      }
      received = read.get();
      // processed_events keys are UUIDs: an event without a proper id cannot be de-duplicated
      UUID.fromString(received.eventId());
    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
      log.warn("{}: unreadable event skipped: {}", name, e.getMessage());
      return Delivery.ignored();
    }
    Delivery<R> delivery =
        transactions.execute(
            status ->
                processed.firstDelivery(received.eventId())
                    ? Delivery.handled(handler.apply(received.event()))
                    : Delivery.<R>duplicate());
    if (delivery != null && delivery.wasHandled()) {
      try {
        afterCommit.accept(received.event(), delivery.result());
      } catch (RuntimeException e) {
        log.warn("{}: event {} applied, follow-up failed: {}", name, received.eventId(), e);
      }
    }
    return delivery;
  }

  /**
   * The consumer that feeds this intake: one thread, one consumer group, offsets committed only
   * after {@link #handle} returned. Declare it as a bean (it is a {@code SmartLifecycle}): it
   * starts with the context unless the settings turn it off.
   */
  public KafkaEventLoop consumer(String bootstrapServers, ConsumerSettings settings) {
    return new KafkaEventLoop(name, bootstrapServers, settings, record -> handle(record.value()));
  }
}
