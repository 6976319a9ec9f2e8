package com.companion.safety.account;

import com.companion.contracts.events.AccountDeleted;
import com.companion.platform.events.EventIntake;
import com.companion.platform.events.EventIntake.Delivery;
import com.companion.platform.events.KafkaEventLoop;
import com.companion.platform.events.ProcessedEvents;
import com.companion.safety.account.internal.AccountErasure;
import com.companion.safety.config.SafetyProperties;
import com.companion.safety.review.Suspensions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases what safety-filter holds about an account when identity-service deletes it ({@code
 * account.deleted} on {@code account.lifecycle}): the reports it filed, its strikes and sanctions
 * and their Redis mirror go; moderation items about it and audit rows stay as the record of what
 * moderators decided, with {@value AccountDeleted#TOMBSTONE_PREFIX} and the account's pseudonym
 * ({@link AccountDeleted#tombstone()}) in place of its id and without the text it wrote. Delivery
 * is at least once: the event id goes into {@code safety.processed_events} in the transaction that
 * changes the rows and records the deletion in {@code safety.account_deletions}, so a redelivery
 * changes nothing. Only the event's product is touched where rows carry one: accounts are per
 * product.
 */
@Component
public class AccountDeletionIntake {

  private static final Logger log = LoggerFactory.getLogger(AccountDeletionIntake.class);

  /** What one erasure changed, for the log line and the tests. */
  public record Erased(
      int reportsDeleted, int itemsClosed, int itemsAnonymised, int strikesAndSanctionsDeleted) {}

  private final EventIntake<AccountDeleted, Erased> intake;

  public AccountDeletionIntake(
      AccountErasure erasure,
      Suspensions suspensions,
      TransactionTemplate transactions,
      DataSource dataSource,
      Clock clock) {
    this.intake =
        EventIntake.ofAccountDeletions(
                new ProcessedEvents(dataSource, "safety"),
                transactions,
                event -> erase(erasure, clock.instant(), event))
            .afterCommit((event, erased) -> lift(suspensions, event, erased));
  }

  /**
   * Handles one {@code account.lifecycle} message: ignored unless it is an {@code account.deleted}.
   * Throws only when the database fails, so the consumer retries the message.
   */
  public Delivery<Erased> handle(String message) {
    return intake.handle(message);
  }

  private static Erased erase(AccountErasure erasure, Instant now, AccountDeleted event) {
    String userId = event.userId();
    String product = event.product();
    String[] ids = ids(event).toArray(new String[0]);
    // the pseudonym keeps the decisions about one deleted account together without naming it
    String tombstone = event.tombstone();
    erasure.allowAuditRewrite();
    int reports = erasure.deleteReportsFiled(userId, product);
    int closed = erasure.closeOpenItemsAbout(ids, tombstone, product, now);
    int items = erasure.anonymiseItemsAbout(ids, tombstone, product);
    int sanctions = erasure.deleteStrikesAndSanctions(ids, product);
    erasure.anonymiseModeratorWork(userId, tombstone, product, now);
    erasure.anonymiseAdminWork(userId, tombstone);
    erasure.anonymiseAudit(ids, userId, tombstone, product);
    erasure.recordDone(event.userHash(), event.eventId(), now);
    return new Erased(reports, closed, items, sanctions);
  }

  /** The id, and the pseudonym character reviews name the creator by when the event has one. */
  private static List<String> ids(AccountDeleted event) {
    List<String> ids = new ArrayList<>(List.of(event.userId()));
    if (event.pseudonym() != null && !event.pseudonym().isBlank()) {
      ids.add(event.pseudonym());
    }
    return ids;
  }

  private static void lift(Suspensions suspensions, AccountDeleted event, Erased erased) {
    // after the commit: the mirror must not disappear for a deletion that rolled back; if Redis
    // fails here the key expires with the suspension, and a restart does not restore it (the
    // sanction rows are gone)
    suspensions.lift(event.product(), ids(event));
    log.info(
        "account deleted in product {}: {} report(s) and {} strike(s)/sanction(s) removed, {}"
            + " moderation item(s) kept without the account ({} closed)",
        event.product(),
        erased.reportsDeleted(),
        erased.strikesAndSanctionsDeleted(),
        erased.itemsAnonymised(),
        erased.itemsClosed());
  }

  /** The consumer; off with {@code safety.account-deletions.consume=false}. */
  @Configuration(proxyBeanMethods = false)
  static class Consumer {

    @Bean
    KafkaEventLoop accountDeletionConsumer(
        AccountDeletionIntake intake,
        SafetyProperties properties,
        @Value("${platform.kafka.bootstrap-servers}") String bootstrapServers) {
      return intake.intake.consumer(bootstrapServers, properties.accountDeletions());
    }
  }
}
