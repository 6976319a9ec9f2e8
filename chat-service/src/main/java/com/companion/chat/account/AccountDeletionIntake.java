package com.companion.chat.account;

import com.companion.chat.account.internal.AccountErasure;
import com.companion.chat.conversation.HistoryCache;
import com.companion.chat.turn.RunningTurns;
import com.companion.contracts.events.AccountDeleted;
import com.companion.platform.events.ConsumerSettings;
import com.companion.platform.events.EventIntake;
import com.companion.platform.events.EventIntake.Delivery;
import com.companion.platform.events.KafkaEventLoop;
import com.companion.platform.events.ProcessedEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
 * touched: accounts are per product. The user's turns streaming in this instance are stopped
 * ({@link RunningTurns}); a turn's writes that race the erasure serialise with it on the
 * conversation's row (see {@code TurnRecorder}).
 */
public final class AccountDeletionIntake {

  private static final Logger log = LoggerFactory.getLogger(AccountDeletionIntake.class);

  /** A cached history outlives the deletion by at most its TTL if this is not reached. */
  private static final Duration CACHE_CLEANUP_TIMEOUT = Duration.ofSeconds(5);

  private final EventIntake<AccountDeleted, List<UUID>> intake;

  public AccountDeletionIntake(
      DataSource dataSource,
      HistoryCache history,
      TransactionTemplate transactions,
      RunningTurns turns,
      Clock clock) {
    AccountErasure erasure = new AccountErasure(JdbcClient.create(dataSource));
    this.intake =
        EventIntake.ofAccountDeletions(
                new ProcessedEvents(dataSource, "chat"),
                transactions,
                event -> {
                  // first, so the model stops at once; a stopped turn writes nothing more
                  stop(turns, event);
                  List<UUID> deleted = erasure.erase(event.userId(), event.product());
                  erasure.recordDone(event.userHash(), event.eventId(), clock.instant());
                  return deleted;
                })
            .afterCommit(
                (event, conversations) -> {
                  // again: a turn that reached its stream while the erasure ran
                  stop(turns, event);
                  forget(history, event, conversations);
                });
  }

  /**
   * Handles one {@code account.lifecycle} message: ignored unless it is an {@code account.deleted}.
   * Throws only when the database fails, so the consumer retries the message.
   */
  public Delivery<List<UUID>> handle(String message) {
    return intake.handle(message);
  }

  /** The consumer of {@code account.lifecycle}; it does not start when the settings turn it off. */
  public KafkaEventLoop consumer(String bootstrapServers, ConsumerSettings settings) {
    return intake.consumer(bootstrapServers, settings);
  }

  private static void stop(RunningTurns turns, AccountDeleted event) {
    int stopped = turns.stopAll(event.userId(), event.product());
    if (stopped > 0) {
      log.info(
          "account deleted in product {}: {} running turn(s) stopped", event.product(), stopped);
    }
  }

  private static void forget(HistoryCache history, AccountDeleted event, List<UUID> conversations) {
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
  }
}
