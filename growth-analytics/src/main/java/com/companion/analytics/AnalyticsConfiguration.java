package com.companion.analytics;

import com.companion.analytics.api.Reports;
import com.companion.analytics.guard.GuardWatch;
import com.companion.analytics.guard.QualityGuard;
import com.companion.analytics.readmodel.FigureRows;
import com.companion.analytics.readmodel.FigureSink;
import com.companion.analytics.stream.AnalyticsStreams;
import com.companion.analytics.stream.AnalyticsTopics;
import com.companion.contracts.events.Pseudonyms;
import com.companion.platform.events.KafkaEventLoop;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AnalyticsConfiguration {

  private static final Duration SINK_RETRY = Duration.ofSeconds(2);

  @Bean
  FigureRows figureRows(DataSource dataSource) {
    return new FigureRows(dataSource);
  }

  @Bean
  Reports reports(FigureRows rows, Clock clock) {
    return new Reports(rows, clock);
  }

  /**
   * The pseudonyms every service writes into events, with the same key ({@code
   * platform.outbox.pseudonym-key}, which the launcher and the Helm chart give every service):
   * {@code /creators/me} finds the caller's figures under the pseudonym of their token's {@code
   * sub}.
   */
  @Bean
  Pseudonyms pseudonyms(
      @Value("${platform.outbox.pseudonym-key:local-pseudonym-key}") String pseudonymKey) {
    return new Pseudonyms(pseudonymKey);
  }

  @Bean
  @ConditionalOnBooleanProperty(name = "analytics.streams-enabled", matchIfMissing = true)
  AnalyticsStreams analyticsStreams(
      AnalyticsProperties properties,
      @Value("${platform.kafka.bootstrap-servers}") String bootstrapServers) {
    return new AnalyticsStreams(properties, bootstrapServers);
  }

  @Bean
  @ConditionalOnBooleanProperty(name = "analytics.streams-enabled", matchIfMissing = true)
  KafkaEventLoop figureSink(
      AnalyticsProperties properties,
      FigureRows rows,
      @Value("${platform.kafka.bootstrap-servers}") String bootstrapServers) {
    return KafkaEventLoop.batched(
        "analytics-read-model",
        bootstrapServers,
        AnalyticsTopics.FIGURES,
        properties.applicationId() + "-read-model",
        SINK_RETRY,
        new FigureSink(rows)::apply);
  }

  @Bean(destroyMethod = "close")
  KafkaProducer<String, String> verdictProducer(
      @Value("${platform.kafka.bootstrap-servers}") String bootstrapServers) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            // the guard must not hang on a broker that is away; a lost verdict is sent again
            // after a restart, when the guard decides again
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            5_000),
        new StringSerializer(),
        new StringSerializer());
  }

  @Bean
  GuardWatch guardWatch(
      FigureRows rows,
      Clock clock,
      KafkaProducer<String, String> verdictProducer,
      @Value("${analytics.guard.false-alarm:0.05}") double falseAlarm,
      @Value("${analytics.guard.missed:0.10}") double missed,
      @Value("${analytics.guard.worse-by:1.3}") double worseBy,
      @Value("${analytics.guard.interval:30s}") Duration interval) {
    return new GuardWatch(
        rows,
        new QualityGuard(falseAlarm, missed, worseBy),
        clock,
        interval,
        (alias, event) ->
            verdictProducer.send(new ProducerRecord<>(GuardWatch.TOPIC, alias, event)));
  }

  /** Reported, not part of readiness: without Kafka the API still answers from the read model. */
  @Bean
  HealthIndicator streamsHealthIndicator(
      org.springframework.beans.factory.ObjectProvider<AnalyticsStreams> streams) {
    return () -> {
      AnalyticsStreams s = streams.getIfAvailable();
      return Health.up().withDetail("streams", s == null ? "DISABLED" : s.state()).build();
    };
  }
}
