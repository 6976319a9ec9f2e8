package com.companion.gateway.canary;

import com.companion.contracts.events.CloudEvent;
import com.companion.contracts.outbox.KafkaEventLoop;
import com.companion.contracts.outbox.ProcessedEvents;
import com.companion.gateway.GatewayProperties;
import com.companion.gateway.deployment.DeploymentCatalog;
import java.util.Map;
import java.util.UUID;
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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Acts on growth-analytics' quality guard ({@code model.quality.verdict} events on {@code
 * model.quality-verdict}). A {@code roll_back} rolls the named canary back through {@link
 * CanaryJudge#rollBack}, so the decision row and its {@code model.canary.rolled_back} event are
 * those of a latency or error rollback, with actor {@value CanaryJudge#QUALITY_GUARD}. It applies
 * only while that version is still the alias's canary over the named stable one: several guard
 * instances publish the same decision, and a verdict may arrive after an admin or this replica's
 * own window already decided. The event id goes into {@code gateway.processed_events} in the
 * transaction of the rollback, so a redelivery changes nothing. {@code keep} is logged and never
 * promotes: promotion stays an admin's decision.
 */
@Component
public class QualityVerdictIntake {

  private static final Logger log = LoggerFactory.getLogger(QualityVerdictIntake.class);

  public static final String TYPE = "model.quality.verdict";

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          // fields the guard adds later must not turn its verdicts into unreadable ones
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private final CanaryJudge judge;
  private final DeploymentCatalog catalog;
  private final TransactionTemplate transactions;
  private final ProcessedEvents processed;

  public QualityVerdictIntake(
      CanaryJudge judge,
      DeploymentCatalog catalog,
      TransactionTemplate transactions,
      DataSource dataSource) {
    this.judge = judge;
    this.catalog = catalog;
    this.transactions = transactions;
    this.processed = new ProcessedEvents(dataSource, "gateway");
  }

  /** The data of a verdict event, schema version 1, as growth-analytics' README describes it. */
  record QualityVerdict(
      Integer schemaVersion,
      String alias,
      String stableVersion,
      String canaryVersion,
      String decision,
      String reason,
      Map<String, Double> logLikelihoodRatio) {

    /** Why this verdict cannot be acted on, or null when it can. */
    String defect() {
      if (!Integer.valueOf(1).equals(schemaVersion)) {
        return "schema_version " + schemaVersion + " is not 1";
      }
      if (isBlank(alias) || isBlank(stableVersion) || isBlank(canaryVersion)) {
        return "alias, stable_version and canary_version are required";
      }
      if (stableVersion.equals(canaryVersion)) {
        return "canary_version is the stable version";
      }
      return null;
    }

    private static boolean isBlank(String s) {
      return s == null || s.isBlank();
    }
  }

  /** The outcome of one delivered event. */
  public enum Outcome {
    ROLLED_BACK,
    /** A {@code keep}: logged, nothing changed. */
    KEPT,
    /** Already processed (a redelivery). */
    DUPLICATE,
    /** The named version was no longer the canary: nothing changed. */
    STALE,
    /** Another event type, or unreadable: skipped. */
    IGNORED
  }

  /**
   * Handles one {@code model.quality-verdict} message. Throws only when the database fails, so the
   * consumer retries the message instead of skipping it.
   */
  public Outcome handle(String message) {
    CloudEvent event;
    QualityVerdict verdict;
    try {
      event = JSON.readValue(message, CloudEvent.class);
      if (!TYPE.equals(event.type())) {
        return Outcome.IGNORED;
      }
      UUID.fromString(event.id());
      if (event.data() == null) {
        throw new IllegalArgumentException("no data");
      }
      verdict = JSON.treeToValue(event.data(), QualityVerdict.class);
    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
      log.warn("unreadable model.quality-verdict event skipped: {}", e.getMessage());
      return Outcome.IGNORED;
    }
    String defect = verdict.defect();
    if (defect != null) {
      log.warn("quality verdict {} skipped: {}", event.id(), defect);
      return Outcome.IGNORED;
    }
    return switch (verdict.decision() == null ? "" : verdict.decision()) {
      case "roll_back" -> rollBack(event.id(), verdict);
      case "keep" -> {
        log.info(
            "quality guard keeps canary {} of {} (against {}): {}; nothing changes here",
            verdict.canaryVersion(),
            verdict.alias(),
            verdict.stableVersion(),
            verdict.reason());
        yield Outcome.KEPT;
      }
      default -> {
        log.warn("quality verdict {} skipped: decision '{}'", event.id(), verdict.decision());
        yield Outcome.IGNORED;
      }
    };
  }

  private Outcome rollBack(String eventId, QualityVerdict verdict) {
    String reason =
        "quality guard: " + (verdict.reason() == null ? "canary worse" : verdict.reason());
    Outcome outcome =
        transactions.execute(
            status -> {
              if (!processed.firstDelivery(eventId)) {
                return Outcome.DUPLICATE;
              }
              boolean rolledBack =
                  judge.rollBack(
                      verdict.alias(),
                      verdict.stableVersion(),
                      verdict.canaryVersion(),
                      reason,
                      CanaryJudge.QUALITY_GUARD);
              return rolledBack ? Outcome.ROLLED_BACK : Outcome.STALE;
            });
    switch (outcome) {
      case ROLLED_BACK -> {
        log.warn(
            "rolled back canary {} of {} on the quality verdict {}: {} (log-likelihood ratios {})",
            verdict.canaryVersion(),
            verdict.alias(),
            eventId,
            reason,
            verdict.logLikelihoodRatio());
        refreshCatalog();
      }
      case STALE ->
          log.info(
              "quality verdict {} ignored: {} is not (or no longer) the canary of {} over {}",
              eventId,
              verdict.canaryVersion(),
              verdict.alias(),
              verdict.stableVersion());
      default -> {}
    }
    return outcome;
  }

  private void refreshCatalog() {
    try {
      catalog.refresh().block();
    } catch (RuntimeException e) {
      // committed: the periodic reload brings the view up to date
      log.warn("deployments not reloaded after a quality rollback: {}", e.getMessage());
    }
  }

  /** The consumer; off with {@code gateway.quality-verdicts.consume=false}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      name = "gateway.quality-verdicts.consume",
      havingValue = "true",
      matchIfMissing = true)
  static class Consumer {

    @Bean
    KafkaEventLoop qualityVerdictConsumer(
        QualityVerdictIntake intake,
        GatewayProperties properties,
        @Value("${platform.kafka.bootstrap-servers}") String bootstrapServers) {
      GatewayProperties.QualityVerdicts settings = properties.qualityVerdicts();
      return new KafkaEventLoop(
          "quality-verdict-consumer",
          bootstrapServers,
          settings.topic(),
          settings.groupId(),
          settings.retryBackoff(),
          (ConsumerRecord<String, String> record) -> intake.handle(record.value()));
    }
  }
}
