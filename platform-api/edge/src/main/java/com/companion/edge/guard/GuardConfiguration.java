package com.companion.edge.guard;

import com.companion.contracts.events.Pseudonyms;
import com.companion.edge.EdgeProperties;
import com.companion.edge.ratelimit.TokenBucketRateLimiter;
import com.companion.platform.events.KafkaEventLoop;
import com.companion.platform.outbox.OutboxProperties;
import com.companion.platform.web.LazyConnectionGuard;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The edge's guards: metrics only for the scraper; deleted accounts' tokens, suspended accounts and
 * empty buckets refused.
 */
@Configuration(proxyBeanMethods = false)
class GuardConfiguration {

  @Bean
  MetricsGuard metricsGuard(@Value("${edge.metrics.scrape-token:}") String scrapeToken) {
    return new MetricsGuard(scrapeToken);
  }

  @Bean
  GuardFilter guardFilter(
      ReactiveStringRedisTemplate redis,
      LazyConnectionGuard connection,
      TokenBucketRateLimiter limiter,
      OutboxProperties outbox,
      Clock clock,
      MeterRegistry meters,
      EdgeProperties properties) {
    return new GuardFilter(
        redis,
        connection,
        limiter,
        properties.rateLimit().enabled(),
        new Pseudonyms(outbox.pseudonymKey()),
        clock,
        properties.rateLimit().redisTimeout(),
        meters);
  }

  @Bean
  DeletedAccounts deletedAccounts(
      ReactiveStringRedisTemplate redis, Clock clock, EdgeProperties properties) {
    return new DeletedAccounts(
        redis, clock, properties.deletedAccountMemory(), properties.rateLimit().keyPrefix());
  }

  /** The consumer of {@code account.deleted}; off with {@code edge.account-deletions.consume}. */
  @Bean
  KafkaEventLoop accountDeletionConsumer(
      DeletedAccounts deletedAccounts,
      EdgeProperties properties,
      @Value("${platform.kafka.bootstrap-servers}") String bootstrapServers) {
    return new KafkaEventLoop(
        "edge-account-deletions",
        bootstrapServers,
        properties.accountDeletions(),
        record -> deletedAccounts.handle(record.value()));
  }

  @Bean
  ApplicationListener<ApplicationReadyEvent> guardsWarmUp(GuardFilter filter) {
    return event -> filter.warmUp();
  }
}
