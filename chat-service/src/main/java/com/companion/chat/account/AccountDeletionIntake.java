package com.companion.chat.account;

import com.companion.chat.account.internal.AccountErasure;
import com.companion.chat.conversation.HistoryCache;
import com.companion.contracts.events.AccountDeleted;
import com.companion.contracts.outbox.ProcessedEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Flux;

/**
 * Deletes a user's chats when identity-service deletes the account ({@code account.deleted} on
 * {@code account.lifecycle}). Delivery is at least once: the event id goes into {@code
 * chat.processed_events} in the transaction that deletes the rows and records the deletion in
 * {@code chat.account_deletions}, so a redelivery changes nothing. Only the event's product is
 * touched: accounts are per product.
 */
public final class AccountDeletionIntake {

  private static final Logger log = LoggerFactory.getLogger(AccountDeletionIntake.class);

  /** A cached history outlives the deletion by at most its TTL if this is not reached. */
  private static final Duration CACHE_CLEANUP_TIMEOUT = Duration.ofSeconds(5);

  private final AccountErasure erasure;
  private final HistoryCache history;
  private final TransactionTemplate transactions;
  private final ProcessedEvents processed;
  private final Clock clock;

  public AccountDeletionIntake(
      DataSource dataSource, HistoryCache history, TransactionTemplate transactions, Clock clock) {
    this.erasure = new AccountErasure(JdbcClient.create(dataSource));
    this.history = history;
    this.transactions = transactions;
    this.processed = new ProcessedEvents(dataSource, "chat");
    this.clock = clock;
  }

  /** The outcome of one delivered event. */
  public enum Outcome {
    DELETED,
    /** Already processed (a redelivery). */
    DUPLICATE,
    /** Another account event, or unreadable: skipped. */
    IGNORED
  }

  /**
   * Handles one {@code account.lifecycle} message. Throws only when the database fails, so the
   * consumer retries the message instead of skipping it.
   */
  public Outcome handle(String message) {
    AccountDeleted event;
    try {
      Optional<AccountDeleted> read = AccountDeleted.read(message);
      if (read.isEmpty()) {
        return Outcome.IGNORED;
      }
      event = read.get();
    } catch (IllegalArgumentException e) {
      log.warn("unreadable account.lifecycle event skipped: {}", e.getMessage());
      return Outcome.IGNORED;
    }
    String userId = event.userId();
    List<UUID> conversations =
        transactions.execute(
            status -> {
              if (!processed.firstDelivery(event.eventId().toString())) {
                return null;
              }
              List<UUID> deleted = erasure.erase(userId, event.product());
              erasure.recordDone(event.userHash(), event.eventId(), clock.instant());
              return deleted;
            });
    if (conversations == null) {
      return Outcome.DUPLICATE;
    }
    // after the commit: Redis is a cache, and an entry is only ever read for a conversation that
    // still exists in PostgreSQL, so a failure here leaves nothing reachable
    try {
      Flux.fromIterable(conversations)
          .flatMap(history::invalidate)
          .then()
          .block(CACHE_CLEANUP_TIMEOUT);
    } catch (RuntimeException e) {
      log.warn("cached histories of a deleted account left to expire: {}", e.toString());
    }
    log.info(
        "account deleted in product {}: {} conversation(s) removed",
        event.product(),
        conversations.size());
    return Outcome.DELETED;
  }
}
