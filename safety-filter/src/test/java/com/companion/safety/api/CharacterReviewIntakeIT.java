package com.companion.safety.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.events.CharacterReviewRequested;
import com.companion.contracts.events.CloudEvent;
import com.companion.platform.events.EventIntake.Delivery;
import com.companion.platform.events.EventIntake.Outcome;
import com.companion.platform.events.KafkaEventLoop;
import com.companion.safety.review.CharacterReviewIntake;
import com.companion.testkit.Infra;
import com.companion.testkit.TopicWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** Character publication reviews arriving as {@code character.review_requested} events. */
class CharacterReviewIntakeIT extends ApiTestBase {

  private static final JsonMapper EVENTS =
      JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  /** A fresh owner pseudonym per run: a rejection gives its owner a strike. */
  private static final String OWNER = "u_" + UUID.randomUUID().toString().replace("-", "");

  private final JdbcTemplate jdbc = new JdbcTemplate(Infra.dataSource());

  @Autowired CharacterReviewIntake intake;

  @Test
  void anEventDeliveredTwiceMakesOneQueueItemWithScoresAndTheDecisionGoesOut() {
    String characterId = UUID.randomUUID().toString();
    String event = reviewRequested(characterId, 2, "description: 你这个傻逼 a rude tutor");

    Delivery<UUID> first = intake.handle(event);
    assertThat(first.outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(intake.handle(event).outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(openItems(characterId)).isEqualTo(1);

    User mod = moderator();
    String itemId = first.result().toString();
    JsonNode item = get(mod, "/v1/moderation/items/" + itemId, 200);
    assertThat(item.path("source").asString()).isEqualTo("character_review");
    assertThat(item.path("target_type").asString()).isEqualTo("character");
    assertThat(item.path("subject_user_id").asString()).isEqualTo(OWNER);
    assertThat(item.path("content").asString()).contains("rude tutor");
    assertThat(item.path("categories").toString()).contains("offensive");
    JsonNode context = item.path("context");
    assertThat(context.path("version").asInt()).isEqualTo(2);
    assertThat(context.path("name").asString()).isEqualTo("Tutor");
    assertThat(context.path("owner").asString()).isEqualTo(OWNER);
    assertThat(context.path("pre_screen_scores").path("offensive").asDouble()).isPositive();

    // a newer version while still waiting joins the open item
    Delivery<UUID> newer =
        intake.handle(reviewRequested(characterId, 3, "description: a kind tutor"));
    assertThat(newer.result()).isEqualTo(first.result());
    item = get(mod, "/v1/moderation/items/" + itemId, 200);
    assertThat(item.path("context").path("version").asInt()).isEqualTo(3);
    assertThat(item.path("content").asString()).contains("kind tutor");

    // other lifecycle events and garbage are skipped
    assertThat(intake.handle("{").outcome()).isEqualTo(Outcome.IGNORED);

    post(mod, "/v1/moderation/items/" + itemId + "/claim", Map.of(), 200);
    post(
        mod,
        "/v1/moderation/items/" + itemId + "/decision",
        Map.of("decision", "reject_character", "reason", "insults"),
        200);
    // the relay may already have moved the row from the outbox to Kafka: read it there
    JsonNode decision = awaitKafkaEvent(characterId);
    assertThat(decision.path("type").asString()).isEqualTo("safety.character_rejected");
    JsonNode data = decision.path("data");
    assertThat(data.path("target_type").asString()).isEqualTo("character");
    assertThat(data.path("target_id").asString()).isEqualTo(characterId);
    assertThat(data.path("decision").asString()).isEqualTo("reject_character");
    assertThat(data.path("reason").asString()).isEqualTo("insults");
  }

  @Test
  void theConsumerTurnsEventsFromKafkaIntoOneItem() throws Exception {
    String characterId = UUID.randomUUID().toString();
    String topic = "character.lifecycle.test-" + UUID.randomUUID();
    String event = reviewRequested(characterId, 1, "description: a chess coach");
    // an unrelated lifecycle event, then the review request twice (at-least-once upstream)
    TopicWriter.send(topic, characterId, "{\"type\":\"character.liked\"}", event, event);
    KafkaEventLoop loop =
        new KafkaEventLoop(
            "test-reviews",
            Infra.kafkaBootstrap(),
            topic,
            "safety-test-" + UUID.randomUUID(),
            Duration.ofMillis(200),
            r -> intake.handle(r.value()));
    loop.start();
    try {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      while (openItems(characterId) == 0 && Instant.now().isBefore(deadline)) {
        Thread.sleep(100);
      }
    } finally {
      loop.stop();
    }
    assertThat(openItems(characterId)).isEqualTo(1);
    assertThat(intake.handle(event).outcome()).isEqualTo(Outcome.DUPLICATE);
  }

  private int openItems(String characterId) {
    return jdbc.queryForObject(
        "select count(*) from safety.queue_items where target_type = 'character'"
            + " and target_id = ?",
        Integer.class,
        characterId);
  }

  /** A review request as character-service's outbox writes it. */
  private static String reviewRequested(String characterId, int version, String text) {
    CharacterReviewRequested data =
        new CharacterReviewRequested(
            CharacterReviewRequested.SCHEMA_VERSION,
            characterId,
            version,
            "Tutor",
            "name: Tutor\n" + text,
            List.of("study"),
            false);
    return EVENTS.writeValueAsString(
        new CloudEvent(
            CloudEvent.SPEC_VERSION,
            UUID.randomUUID().toString(),
            "/character-service",
            CharacterReviewRequested.TYPE,
            Instant.now(),
            "characters/" + characterId,
            CloudEvent.JSON_CONTENT,
            "glow",
            OWNER,
            EVENTS.valueToTree(data)));
  }
}
