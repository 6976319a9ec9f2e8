package com.companion.safety.review;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.contracts.events.CharacterReviewRequested;
import com.companion.contracts.events.CloudEvent;
import com.companion.contracts.outbox.KafkaEventLoop;
import com.companion.contracts.outbox.ProcessedEvents;
import com.companion.safety.config.SafetyProperties;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * The main path of character publication reviews: character-service writes a {@code
 * character.review_requested} event (topic {@code character.lifecycle}) through its outbox in the
 * transaction that puts a character in review, and this consumer turns each into a queue item. The
 * event id goes into {@code safety.processed_events} in the same transaction as the item, so a
 * redelivery adds nothing; a newer version of a character still waiting joins its open item (text
 * and version replaced). Neither service calls the other, so either can be down meanwhile.
 */
@Component
public class CharacterReviewIntake {

  private static final Logger log = LoggerFactory.getLogger(CharacterReviewIntake.class);

  private static final JsonMapper JSON =
      JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  private final CharacterReviews reviews;
  private final TransactionTemplate transactions;
  private final ProcessedEvents processed;

  public CharacterReviewIntake(
      CharacterReviews reviews, TransactionTemplate transactions, DataSource dataSource) {
    this.reviews = reviews;
    this.transactions = transactions;
    this.processed = new ProcessedEvents(dataSource, "safety");
  }

  /** The outcome of one delivered event. */
  public enum Outcome {
    ENQUEUED,
    /** Already processed (a redelivery). */
    DUPLICATE,
    /** Another lifecycle event, or unreadable: skipped. */
    IGNORED
  }

  /** The queue item a handled event produced, when it did. */
  public record Handled(Outcome outcome, UUID itemId) {}

  /**
   * Handles one {@code character.lifecycle} message. Throws only when the database fails, so the
   * consumer retries the message instead of skipping it.
   */
  public Handled handle(String message) {
    CloudEvent event;
    CharacterReviewRequested request;
    try {
      event = JSON.readValue(message, CloudEvent.class);
      if (!CharacterReviewRequested.TYPE.equals(event.type())) {
        return new Handled(Outcome.IGNORED, null);
      }
      request = JSON.treeToValue(event.data(), CharacterReviewRequested.class);
      UUID.fromString(event.id());
    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
      log.warn("unreadable character.lifecycle event skipped: {}", e.getMessage());
      return new Handled(Outcome.IGNORED, null);
    }
    if (request.characterId() == null || request.characterId().isBlank()) {
      return new Handled(Outcome.IGNORED, null);
    }
    String product = event.product() == null ? "*" : event.product();
    String text = request.text();
    if (text != null && text.length() > CharacterReviews.MAX_TEXT_CHARS) {
      text = text.substring(0, CharacterReviews.MAX_TEXT_CHARS);
    }
    // a public character reaches minors too: screen under the strictest policy of the product
    CharacterReviews.Screen screen =
        reviews.screen(
            text,
            new PlatformPrincipal(event.userid(), product, Set.of(Role.USER), AgeGroup.MINOR));
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("owner", event.userid());
    context.put("event_id", event.id());
    context.put("truncated", request.truncated());
    if (request.tags() != null && !request.tags().isEmpty()) {
      context.put("tags", request.tags());
    }
    CharacterReviews.Submission submission =
        new CharacterReviews.Submission(
            request.characterId(),
            request.version(),
            request.name(),
            text,
            product,
            // the owner's pseudonym: events never carry raw user ids
            event.userid(),
            context);
    String actor = event.source() == null ? "character-service" : event.source();
    return transactions.execute(
        status -> {
          if (!processed.firstDelivery(event.id())) {
            return new Handled(Outcome.DUPLICATE, null);
          }
          return new Handled(Outcome.ENQUEUED, reviews.enqueue(submission, screen, actor));
        });
  }

  /** The consumer; off with {@code safety.character-reviews.consume=false}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      name = "safety.character-reviews.consume",
      havingValue = "true",
      matchIfMissing = true)
  static class Consumer {

    @Bean
    KafkaEventLoop characterReviewConsumer(
        CharacterReviewIntake intake,
        SafetyProperties properties,
        @Value("${platform.kafka.bootstrap-servers}") String bootstrapServers) {
      SafetyProperties.CharacterReviews settings = properties.characterReviews();
      return new KafkaEventLoop(
          "character-review-consumer",
          bootstrapServers,
          settings.topic(),
          settings.groupId(),
          settings.retryBackoff(),
          (ConsumerRecord<String, String> record) -> intake.handle(record.value()));
    }
  }
}
