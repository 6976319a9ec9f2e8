package com.companion.character.account;

import com.companion.character.CharacterProperties;
import com.companion.character.account.internal.AccountErasure;
import com.companion.character.account.internal.AccountErasure.DeletedCharacter;
import com.companion.character.character.LifecycleEvents;
import com.companion.contracts.events.AccountDeleted;
import com.companion.platform.events.EventIntake;
import com.companion.platform.events.EventIntake.Delivery;
import com.companion.platform.events.KafkaEventLoop;
import com.companion.platform.events.ProcessedEvents;
import java.time.Clock;
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
 * Deletes a user's characters, personas and likes when identity-service deletes the account ({@code
 * account.deleted} on {@code account.lifecycle}). Published public characters stay for the users
 * who chat with them, owned by {@value AccountDeleted#TOMBSTONE_PREFIX} and the account's pseudonym
 * ({@link AccountDeleted#tombstone()}) instead of the account. Delivery is at least once: the event
 * id goes into {@code character.processed_events} in the transaction that changes the rows and
 * records the deletion in {@code character.account_deletions}, so a redelivery changes nothing.
 * Only the event's product is touched: accounts are per product.
 */
@Component
public class AccountDeletionIntake {

  private static final Logger log = LoggerFactory.getLogger(AccountDeletionIntake.class);

  private final EventIntake<AccountDeleted, Void> intake;

  public AccountDeletionIntake(
      AccountErasure erasure,
      LifecycleEvents events,
      TransactionTemplate transactions,
      DataSource dataSource,
      Clock clock) {
    this.intake =
        EventIntake.ofAccountDeletions(
            new ProcessedEvents(dataSource, "character"),
            transactions,
            event -> erase(erasure, events, clock, event));
  }

  /**
   * Handles one {@code account.lifecycle} message: ignored unless it is an {@code account.deleted}.
   * Throws only when the database fails, so the consumer retries the message.
   */
  public Delivery<Void> handle(String message) {
    return intake.handle(message);
  }

  private static Void erase(
      AccountErasure erasure, LifecycleEvents events, Clock clock, AccountDeleted event) {
    String userId = event.userId();
    String product = event.product();
    // the pseudonym keeps a deleted creator's characters together without naming the account
    String marker = event.tombstone();
    List<DeletedCharacter> deleted = erasure.deleteUnpublishedCharacters(userId, product);
    for (DeletedCharacter c : deleted) {
      events.appendDeletedWithAccount(
          c.id(), product, userId, c.version(), c.visibility(), c.reviewStatus(), c.name());
    }
    int kept = erasure.anonymisePublishedCharacters(userId, product, marker);
    erasure.deleteEngagement(userId, product);
    int personas = erasure.deletePersonas(userId, product);
    erasure.recordDone(event.userHash(), event.eventId(), clock.instant());
    log.info(
        "account deleted in product {}: {} character(s) and {} persona(s) removed, {}"
            + " published character(s) kept without their creator",
        product,
        deleted.size(),
        personas,
        kept);
    return null;
  }

  /** The consumer; off with {@code character.account-deletions.consume=false}. */
  @Configuration(proxyBeanMethods = false)
  static class Consumer {

    @Bean
    KafkaEventLoop accountDeletionConsumer(
        AccountDeletionIntake intake,
        CharacterProperties properties,
        @Value("${platform.kafka.bootstrap-servers}") String bootstrapServers) {
      return intake.intake.consumer(bootstrapServers, properties.accountDeletions());
    }
  }
}
