package com.companion.character.publishing;

import com.companion.character.CharacterProperties;
import com.companion.character.publishing.PublishingService.QueueDecision;
import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.contracts.events.CloudEvent;
import com.companion.contracts.events.SafetyDecision;
import com.companion.contracts.outbox.KafkaEventLoop;
import com.companion.contracts.outbox.ProcessedEvents;
import java.util.Set;
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
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies moderation-queue decisions about characters: safety-filter writes {@code
 * safety.character_approved|rejected|unpublished} events ({@code safety.decision}) and this service
 * owns the character, so it enforces them with the same review logic as {@code POST
 * /v1/characters/{id}/review} (and the same {@code character.lifecycle} events). The event id is
 * recorded in {@code character.processed_events} in the transaction of the change, so a redelivery
 * changes nothing.
 */
@Component
public class SafetyDecisionIntake {

  private static final Logger log = LoggerFactory.getLogger(SafetyDecisionIntake.class);

  /** The moderation queue as the actor of the lifecycle events it causes. */
  static final String QUEUE_ACTOR = "moderation-queue";

  private static final JsonMapper JSON =
      JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  private final PublishingService publishing;
  private final TransactionTemplate transactions;
  private final ProcessedEvents processed;

  public SafetyDecisionIntake(
      PublishingService publishing, TransactionTemplate transactions, DataSource dataSource) {
    this.publishing = publishing;
    this.transactions = transactions;
    this.processed = new ProcessedEvents(dataSource, "character");
  }

  /** The outcome of one delivered event. */
  public enum Outcome {
    APPLIED,
    /** Already processed (a redelivery). */
    DUPLICATE,
    /** Processed, but the character was not in a state the decision applies to. */
    STALE,
    /** Not a decision about a character, or unreadable: skipped. */
    IGNORED
  }

  /**
   * Handles one {@code safety.decision} message. Throws only when the database fails, so the
   * consumer retries the message instead of skipping it.
   */
  public Outcome handle(String message) {
    CloudEvent event;
    SafetyDecision decision;
    try {
      event = JSON.readValue(message, CloudEvent.class);
      if (event.data() == null || event.id() == null) {
        return Outcome.IGNORED;
      }
      decision = JSON.treeToValue(event.data(), SafetyDecision.class);
      UUID.fromString(event.id());
    } catch (JacksonException | IllegalArgumentException e) {
      log.warn("unreadable safety.decision event skipped: {}", e.getMessage());
      return Outcome.IGNORED;
    }
    QueueDecision action = actionOf(decision);
    UUID characterId = uuidOrNull(decision.targetId());
    if (!"character".equals(decision.targetType()) || action == null || characterId == null) {
      return Outcome.IGNORED;
    }
    PlatformPrincipal actor =
        new PlatformPrincipal(
            QUEUE_ACTOR,
            event.product() == null ? "*" : event.product(),
            Set.of(Role.MODERATOR),
            AgeGroup.ADULT);
    return transactions.execute(
        status -> {
          if (!processed.firstDelivery(event.id())) {
            return Outcome.DUPLICATE;
          }
          boolean applied =
              publishing.applyQueueDecision(
                  characterId,
                  action,
                  decision.reason(),
                  event.time(),
                  "safety:" + decision.itemId(),
                  actor);
          if (!applied) {
            log.info(
                "queue decision {} on character {} dropped: no longer in review",
                decision.decision(),
                characterId);
          }
          return applied ? Outcome.APPLIED : Outcome.STALE;
        });
  }

  private static QueueDecision actionOf(SafetyDecision decision) {
    if (decision.decision() == null) {
      return null;
    }
    return switch (decision.decision()) {
      case "approve_character" -> QueueDecision.APPROVE;
      case "reject_character" -> QueueDecision.REJECT;
      case "unpublish_character" -> QueueDecision.UNPUBLISH;
      default -> null;
    };
  }

  private static UUID uuidOrNull(String s) {
    try {
      return s == null ? null : UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The consumer; off with {@code character.safety-decisions.consume=false}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      name = "character.safety-decisions.consume",
      havingValue = "true",
      matchIfMissing = true)
  static class Consumer {

    @Bean
    KafkaEventLoop safetyDecisionConsumer(
        SafetyDecisionIntake intake,
        CharacterProperties properties,
        @Value("${platform.kafka.bootstrap-servers}") String bootstrapServers) {
      CharacterProperties.SafetyDecisions settings = properties.safetyDecisions();
      return new KafkaEventLoop(
          "safety-decision-consumer",
          bootstrapServers,
          settings.topic(),
          settings.groupId(),
          settings.retryBackoff(),
          (ConsumerRecord<String, String> record) -> intake.handle(record.value()));
    }
  }
}
