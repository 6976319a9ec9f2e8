package com.companion.identity.guardian;

import com.companion.contracts.events.Topics;
import com.companion.identity.IdentityProperties;
import com.companion.identity.account.AccountRepository;
import com.companion.platform.events.KafkaEventLoop;
import com.companion.platform.events.ProcessedEvents;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/** The chat-turn consumer and the clean-up of old activity. */
@Configuration(proxyBeanMethods = false)
class GuardianConfiguration {

  @Bean
  ChatTurnListener chatTurnListener(
      AccountRepository accounts,
      Guardianships guardianships,
      ChatActivity activity,
      DataSource dataSource,
      TransactionTemplate transactions) {
    return new ChatTurnListener(
        accounts,
        guardianships,
        activity,
        new ProcessedEvents(dataSource, "identity"),
        transactions);
  }

  @Bean
  @ConditionalOnBooleanProperty(
      name = "identity.guardians.consume-chat-turns",
      matchIfMissing = true)
  KafkaEventLoop chatTurnEvents(
      ChatTurnListener listener, @Value("${platform.kafka.bootstrap-servers}") String bootstrap) {
    return new KafkaEventLoop(
        "identity-chat-turns",
        bootstrap,
        Topics.CHAT_TURN,
        "identity-service",
        Duration.ofSeconds(5),
        listener::handle);
  }

  @Bean
  ActivityRetention activityRetention(
      ChatActivity activity, IdentityProperties properties, Clock clock) {
    return new ActivityRetention(activity, properties.guardians().activityRetention(), clock);
  }

  /** Deletes activity older than the retention, once an hour. */
  record ActivityRetention(ChatActivity activity, Duration retention, Clock clock) {

    @Scheduled(fixedDelay = 3_600_000, initialDelay = 60_000)
    void purge() {
      activity.purgeBefore(clock.instant().minus(retention));
    }
  }
}
