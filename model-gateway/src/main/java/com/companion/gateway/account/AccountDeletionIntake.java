package com.companion.gateway.account;

import com.companion.contracts.events.AccountDeleted;
import com.companion.gateway.GatewayProperties;
import com.companion.gateway.account.internal.AccountErasure;
import com.companion.gateway.auth.ApiKeyStore;
import com.companion.gateway.quota.QuotaLimiter;
import com.companion.platform.events.EventIntake;
import com.companion.platform.events.EventIntake.Delivery;
import com.companion.platform.events.KafkaEventLoop;
import com.companion.platform.events.ProcessedEvents;
import java.time.Clock;
import java.time.Instant;
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
 * Erases what the gateway holds about an account when identity-service deletes it ({@code
 * account.deleted} on {@code account.lifecycle}): the API keys it created are revoked and its
 * canary decisions kept, both under {@value AccountDeleted#TOMBSTONE_PREFIX} and the account's
 * pseudonym ({@link AccountDeleted#tombstone()}) instead of its id; after the commit its quota
 * counters in Redis and this replica's cached verifications of its keys go. Delivery is at least
 * once: the event id goes into {@code gateway.processed_events} in the transaction that changes the
 * rows and records the deletion in {@code gateway.account_deletions}, so a redelivery changes
 * nothing.
 */
@Component
public class AccountDeletionIntake {

  private static final Logger log = LoggerFactory.getLogger(AccountDeletionIntake.class);

  /**
   * What one erasure changed.
   *
   * @param revokedKeyHashes the hashes of the secrets of the keys it revoked
   * @param canaryDecisions how many canary decisions now name the tombstone
   */
  public record Erased(List<String> revokedKeyHashes, int canaryDecisions) {}

  private final EventIntake<AccountDeleted, Erased> intake;

  public AccountDeletionIntake(
      AccountErasure erasure,
      ApiKeyStore keys,
      QuotaLimiter quotas,
      TransactionTemplate transactions,
      DataSource dataSource,
      Clock clock) {
    this.intake =
        EventIntake.ofAccountDeletions(
                new ProcessedEvents(dataSource, "gateway"),
                transactions,
                event -> erase(erasure, clock.instant(), event))
            .afterCommit((event, erased) -> forget(keys, quotas, event, erased));
  }

  /**
   * Handles one {@code account.lifecycle} message: ignored unless it is an {@code account.deleted}.
   * Throws only when the database fails, so the consumer retries the message.
   */
  public Delivery<Erased> handle(String message) {
    return intake.handle(message);
  }

  private static Erased erase(AccountErasure erasure, Instant now, AccountDeleted event) {
    String tombstone = event.tombstone();
    List<String> revoked = erasure.revokeKeysCreatedBy(event.userId(), tombstone, now);
    int decisions = erasure.anonymiseCanaryDecisions(event.userId(), tombstone);
    erasure.recordDone(event.userHash(), event.eventId(), now);
    return new Erased(revoked, decisions);
  }

  private static void forget(
      ApiKeyStore keys, QuotaLimiter quotas, AccountDeleted event, Erased erased) {
    // after the commit: other replicas stop accepting a revoked key when their cached
    // verification expires (gateway.quota.key-cache-ttl), as after an admin's revocation
    keys.forget(erased.revokedKeyHashes());
    quotas.forgetUser(event.userId());
    log.info(
        "account deleted in product {}: {} API key(s) revoked, {} canary decision(s) kept"
            + " without the account",
        event.product(),
        erased.revokedKeyHashes().size(),
        erased.canaryDecisions());
  }

  /** The consumer; off with {@code gateway.account-deletions.consume=false}. */
  @Configuration(proxyBeanMethods = false)
  static class Consumer {

    @Bean
    KafkaEventLoop accountDeletionConsumer(
        AccountDeletionIntake intake,
        GatewayProperties properties,
        @Value("${platform.kafka.bootstrap-servers}") String bootstrapServers) {
      return intake.intake.consumer(bootstrapServers, properties.accountDeletions());
    }
  }
}
