package com.companion.safety.review;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.contracts.events.CharacterReviewRequested;
import com.companion.contracts.events.CloudEvent;
import com.companion.platform.events.EventIntake;
import com.companion.platform.events.EventIntake.Delivery;
import com.companion.platform.events.EventIntake.Received;
import com.companion.platform.events.KafkaEventLoop;
import com.companion.platform.events.ProcessedEvents;
import com.companion.safety.config.SafetyProperties;
import java.util.LinkedHashMap;
import java.util.Map;
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

  private final EventIntake<Request, UUID> intake;

  public CharacterReviewIntake(
      CharacterReviews reviews, TransactionTemplate transactions, DataSource dataSource) {
    this.intake =
        new EventIntake<>(
            "character-review-consumer",
            new ProcessedEvents(dataSource, "safety"),
            transactions,
            CharacterReviewIntake::read,
            request -> enqueue(reviews, request));
  }

  /** A review request, read from its event. */
  record Request(CloudEvent event, CharacterReviewRequested review) {}

  /**
   * Handles one {@code character.lifecycle} message: ignored unless it is a {@code
   * character.review_requested}; the result of a handled one is the queue item it went into. Throws
   * only when the database fails, so the consumer retries the message instead of skipping it.
   */
  public Delivery<UUID> handle(String message) {
    return intake.handle(message);
  }

  private static Optional<Received<Request>> read(String message) {
    CloudEvent event = JSON.readValue(message, CloudEvent.class);
    if (!CharacterReviewRequested.TYPE.equals(event.type())) {
      return Optional.empty();
    }
    CharacterReviewRequested request =
        JSON.treeToValue(event.data(), CharacterReviewRequested.class);
    if (request.characterId() == null || request.characterId().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new Received<>(event.id(), new Request(event, request)));
  }

  private static UUID enqueue(CharacterReviews reviews, Request received) {
    CloudEvent event = received.event();
    CharacterReviewRequested request = received.review();
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
    return reviews.enqueue(submission, screen, actor);
  }

  /** The consumer; off with {@code safety.character-reviews.consume=false}. */
  @Configuration(proxyBeanMethods = false)
  static class Consumer {

    @Bean
    KafkaEventLoop characterReviewConsumer(
        CharacterReviewIntake intake,
        SafetyProperties properties,
        @Value("${platform.kafka.bootstrap-servers}") String bootstrapServers) {
      return intake.intake.consumer(bootstrapServers, properties.characterReviews());
    }
  }
}
