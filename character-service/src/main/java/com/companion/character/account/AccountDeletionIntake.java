package com.companion.character.account;

import com.companion.character.CharacterProperties;
import com.companion.character.account.internal.AccountErasure;
import com.companion.character.account.internal.AccountErasure.DeletedCharacter;
import com.companion.character.character.LifecycleEvents;
import com.companion.contracts.events.AccountDeleted;
import com.companion.contracts.outbox.KafkaEventLoop;
import com.companion.contracts.outbox.ProcessedEvents;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes a user's characters, personas and likes when identity-service deletes the account ({@code
 * account.deleted} on {@code account.lifecycle}). Published public characters stay for the users
 * who chat with them, owned by {@value #DELETED_OWNER} and the account's pseudonym instead of the
 * account. Delivery is at least once: the event id goes into {@code character.processed_events} in
 * the transaction that changes the rows and records the deletion in {@code
 * character.account_deletions}, so a redelivery changes nothing. Only the event's product is
 * touched: accounts are per product.
 */
@Component
public class AccountDeletionIntake {

  private static final Logger log = LoggerFactory.getLogger(AccountDeletionIntake.class);

  /** The owner of a kept character whose creator's account was deleted, before the pseudonym. */
  public static final String DELETED_OWNER = "deleted-user:";

  private final AccountErasure erasure;
  private final LifecycleEvents events;
  private final TransactionTemplate transactions;
  private final ProcessedEvents processed;
  private final Clock clock;

  public AccountDeletionIntake(
      AccountErasure erasure,
      LifecycleEvents events,
      TransactionTemplate transactions,
      DataSource dataSource,
      Clock clock) {
    this.erasure = erasure;
    this.events = events;
    this.transactions = transactions;
    this.processed = new ProcessedEvents(dataSource, "character");
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
    String pseudonym = event.pseudonym();
    String product = event.product();
    // the pseudonym keeps a deleted creator's characters together without naming the account
    String marker = DELETED_OWNER + (pseudonym == null ? "" : pseudonym);
    return transactions.execute(
        status -> {
          if (!processed.firstDelivery(event.eventId().toString())) {
            return Outcome.DUPLICATE;
          }
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
          return Outcome.DELETED;
        });
  }

  /** The consumer; off with {@code character.account-deletions.consume=false}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      name = "character.account-deletions.consume",
      havingValue = "true",
      matchIfMissing = true)
  static class Consumer {

    @Bean
    KafkaEventLoop accountDeletionConsumer(
        AccountDeletionIntake intake,
        CharacterProperties properties,
        @Value("${platform.kafka.bootstrap-servers}") String bootstrapServers) {
      CharacterProperties.AccountDeletions settings = properties.accountDeletions();
      return new KafkaEventLoop(
          "account-deletion-consumer",
          bootstrapServers,
          settings.topic(),
          settings.groupId(),
          settings.retryBackoff(),
          (ConsumerRecord<String, String> record) -> intake.handle(record.value()));
    }
  }
}
