package com.companion.gateway.canary;

import com.companion.contracts.events.ModelQualityVerdict;
import com.companion.contracts.events.ModelQualityVerdict.Published;
import com.companion.gateway.GatewayProperties;
import com.companion.gateway.deployment.DeploymentCatalog;
import com.companion.platform.events.EventIntake;
import com.companion.platform.events.EventIntake.Delivery;
import com.companion.platform.events.EventIntake.Received;
import com.companion.platform.events.KafkaEventLoop;
import com.companion.platform.events.ProcessedEvents;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Acts on growth-analytics' quality guard ({@code model.quality.verdict} events on {@code
 * model.quality-verdict}). A {@code roll_back} rolls the named canary back through {@link
 * CanaryJudge#rollBack}, so the decision row and its {@code model.canary.rolled_back} event are
 * those of a latency or error rollback, with actor {@value CanaryJudge#QUALITY_GUARD}. It applies
 * only while that version is still the alias's canary over the named stable one: several guard
 * instances publish the same decision, and a verdict may arrive after an admin or this replica's
 * own window already decided. The event id goes into {@code gateway.processed_events} in the
 * transaction of the rollback (see {@link EventIntake}), so a redelivery changes nothing. {@code
 * keep} is logged and never promotes: promotion stays an admin's decision.
 */
@Component
public class QualityVerdictIntake {

  private static final Logger log = LoggerFactory.getLogger(QualityVerdictIntake.class);

  public static final String TYPE = ModelQualityVerdict.TYPE;

  private final CanaryJudge judge;
  private final DeploymentCatalog catalog;
  private final EventIntake<Published, Result> intake;

  public QualityVerdictIntake(
      CanaryJudge judge,
      DeploymentCatalog catalog,
      TransactionTemplate transactions,
      DataSource dataSource) {
    this.judge = judge;
    this.catalog = catalog;
    this.intake =
        new EventIntake<>(
                "quality-verdict-consumer",
                new ProcessedEvents(dataSource, "gateway"),
                transactions,
                QualityVerdictIntake::read,
                this::apply)
            .afterCommit(this::report);
  }

  /** What a handled verdict did. */
  public enum Result {
    ROLLED_BACK,
    /** A {@code keep}: logged, nothing changed. */
    KEPT,
    /** The named version was no longer the canary: nothing changed. */
    STALE
  }

  /**
   * Handles one {@code model.quality-verdict} message: ignored unless it is a readable verdict of
   * schema version 1 with a known decision. Throws only when the database fails, so the consumer
   * retries the message instead of skipping it.
   */
  public Delivery<Result> handle(String message) {
    return intake.handle(message);
  }

  private static Optional<Received<Published>> read(String message) {
    Optional<Published> published = ModelQualityVerdict.read(message);
    if (published.isEmpty()) {
      return Optional.empty();
    }
    String defect = published.get().verdict().defect();
    if (defect != null) {
      log.warn("quality verdict {} skipped: {}", published.get().eventId(), defect);
      return Optional.empty();
    }
    return Optional.of(new Received<>(published.get().eventId(), published.get()));
  }

  private Result apply(Published received) {
    ModelQualityVerdict verdict = received.verdict();
    if (ModelQualityVerdict.KEEP.equals(verdict.decision())) {
      return Result.KEPT;
    }
    boolean rolledBack =
        judge.rollBack(
            verdict.alias(),
            verdict.stableVersion(),
            verdict.canaryVersion(),
            reason(verdict),
            CanaryJudge.QUALITY_GUARD);
    return rolledBack ? Result.ROLLED_BACK : Result.STALE;
  }

  private static String reason(ModelQualityVerdict verdict) {
    return "quality guard: " + (verdict.reason() == null ? "canary worse" : verdict.reason());
  }

  private void report(Published received, Result result) {
    ModelQualityVerdict verdict = received.verdict();
    switch (result) {
      case ROLLED_BACK -> {
        log.warn(
            "rolled back canary {} of {} on the quality verdict {}: {} (log-likelihood ratios {})",
            verdict.canaryVersion(),
            verdict.alias(),
            received.eventId(),
            reason(verdict),
            verdict.logLikelihoodRatio());
        refreshCatalog();
      }
      case KEPT ->
          log.info(
              "quality guard keeps canary {} of {} (against {}): {}; nothing changes here",
              verdict.canaryVersion(),
              verdict.alias(),
              verdict.stableVersion(),
              verdict.reason());
      case STALE ->
          log.info(
              "quality verdict {} ignored: {} is not (or no longer) the canary of {} over {}",
              received.eventId(),
              verdict.canaryVersion(),
              verdict.alias(),
              verdict.stableVersion());
    }
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
  static class Consumer {

    @Bean
    KafkaEventLoop qualityVerdictConsumer(
        QualityVerdictIntake intake,
        GatewayProperties properties,
        @Value("${platform.kafka.bootstrap-servers}") String bootstrapServers) {
      return intake.intake.consumer(bootstrapServers, properties.qualityVerdicts());
    }
  }
}
