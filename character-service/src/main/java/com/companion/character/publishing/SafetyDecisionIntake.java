package com.companion.character.publishing;

import com.companion.character.CharacterProperties;
import com.companion.character.publishing.PublishingService.QueueDecision;
import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.contracts.events.CloudEvent;
import com.companion.contracts.events.SafetyDecision;
import com.companion.platform.events.EventIntake;
import com.companion.platform.events.EventIntake.Delivery;
import com.companion.platform.events.EventIntake.Received;
import com.companion.platform.events.KafkaEventLoop;
import com.companion.platform.events.ProcessedEvents;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
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

  private final EventIntake<Decision, Result> intake;

  public SafetyDecisionIntake(
      PublishingService publishing, TransactionTemplate transactions, DataSource dataSource) {
    this.intake =
        new EventIntake<>(
            "safety-decision-consumer",
            new ProcessedEvents(dataSource, "character"),
            transactions,
            SafetyDecisionIntake::read,
            decision -> apply(publishing, decision));
  }

  /** What a decision did to the character it names. */
  public enum Result {
    APPLIED,
    /** The character was not in a state the decision applies to. */
    STALE
  }

  /** A decision about a character, read from its event. */
  record Decision(
      UUID characterId, QueueDecision action, SafetyDecision decision, CloudEvent event) {}

  /**
   * Handles one {@code safety.decision} message: ignored unless it is a decision about a character.
   * Throws only when the database fails, so the consumer retries the message.
   */
  public Delivery<Result> handle(String message) {
    return intake.handle(message);
  }

  private static Optional<Received<Decision>> read(String message) {
    CloudEvent event = JSON.readValue(message, CloudEvent.class);
    if (event.data() == null || event.id() == null) {
      return Optional.empty();
    }
    SafetyDecision decision = JSON.treeToValue(event.data(), SafetyDecision.class);
    QueueDecision action = actionOf(decision);
    UUID characterId = uuidOrNull(decision.targetId());
    if (!"character".equals(decision.targetType()) || action == null || characterId == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Received<>(event.id(), new Decision(characterId, action, decision, event)));
  }

  private static Result apply(PublishingService publishing, Decision d) {
    PlatformPrincipal actor =
        new PlatformPrincipal(
            QUEUE_ACTOR,
            d.event().product() == null ? "*" : d.event().product(),
            Set.of(Role.MODERATOR),
            AgeGroup.ADULT);
    boolean applied =
        publishing.applyQueueDecision(
            d.characterId(),
            d.action(),
            d.decision().reason(),
            d.event().time(),
            "safety:" + d.decision().itemId(),
            actor);
    if (!applied) {
      log.info(
          "queue decision {} on character {} dropped: no longer in review",
          d.decision().decision(),
          d.characterId());
    }
    return applied ? Result.APPLIED : Result.STALE;
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
  static class Consumer {

    @Bean
    KafkaEventLoop safetyDecisionConsumer(
        SafetyDecisionIntake intake,
        CharacterProperties properties,
        @Value("${platform.kafka.bootstrap-servers}") String bootstrapServers) {
      return intake.intake.consumer(bootstrapServers, properties.safetyDecisions());
    }
  }
}
