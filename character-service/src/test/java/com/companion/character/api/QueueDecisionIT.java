package com.companion.character.api;

import static com.companion.platform.events.EventIntake.Delivery.duplicate;
import static com.companion.platform.events.EventIntake.Delivery.handled;
import static com.companion.platform.events.EventIntake.Delivery.ignored;
import static org.assertj.core.api.Assertions.assertThat;

import com.companion.character.publishing.SafetyDecisionIntake;
import com.companion.character.publishing.SafetyDecisionIntake.Result;
import com.companion.contracts.events.CloudEvent;
import com.companion.contracts.events.SafetyDecision;
import com.companion.platform.events.KafkaEventLoop;
import com.companion.testkit.Infra;
import com.companion.testkit.TopicWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** Moderation-queue decisions ({@code safety.decision}) applied to characters. */
class QueueDecisionIT extends ApiTestBase {

  private static final JsonMapper EVENTS =
      JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  @Autowired SafetyDecisionIntake intake;

  @Test
  void aDecisionDeliveredTwiceIsAppliedOnceAndEmitsItsLifecycleEvent() {
    User owner = adult();
    String id = create(owner, "Queued", "public").get("id").stringValue();
    String event = decision(id, "approve_character", "fine");

    assertThat(intake.handle(event)).isEqualTo(handled(Result.APPLIED));
    assertThat(intake.handle(event)).isEqualTo(duplicate());

    assertThat(ok(get(owner, "/v1/characters/" + id)).get("review_status").stringValue())
        .isEqualTo("approved");
    List<JsonNode> events = CharacterLifecycleIT.readEvents(id, 3);
    assertThat(events)
        .extracting(e -> e.get("type").stringValue())
        .containsExactly("character.created", "character.review_requested", "character.published");
    // a later decision of the same item (new event id) no longer applies: nothing pending
    assertThat(intake.handle(decision(id, "reject_character", "late")))
        .isEqualTo(handled(Result.STALE));
  }

  @Test
  void rejectAndUnpublishFollowTheReviewRules() {
    User owner = adult();
    String rejected = create(owner, "Rejected", "public").get("id").stringValue();
    assertThat(intake.handle(decision(rejected, "reject_character", "too graphic")))
        .isEqualTo(handled(Result.APPLIED));
    JsonNode card = ok(get(owner, "/v1/characters/" + rejected));
    assertThat(card.get("review_status").stringValue()).isEqualTo("rejected");

    String live =
        published(owner, "{\"name\":\"Live\",\"visibility\":\"public\"}").get("id").stringValue();
    assertThat(intake.handle(decision(live, "unpublish_character", "reported")))
        .isEqualTo(handled(Result.APPLIED));
    assertThat(ok(get(owner, "/v1/characters/" + live)).get("review_status").stringValue())
        .isEqualTo("rejected");
    problem(get(adult(), "/v1/characters/" + live), 404);
    assertThat(CharacterLifecycleIT.readEvents(live, 4))
        .extracting(e -> e.get("type").stringValue())
        .endsWith("character.unpublished");

    // an approval decided before the latest version existed does not cover it
    String edited = create(owner, "Edited", "public").get("id").stringValue();
    String early = decision(edited, "approve_character", "ok", Instant.now().minusSeconds(3600));
    assertThat(intake.handle(early)).isEqualTo(handled(Result.STALE));
    assertThat(ok(get(owner, "/v1/characters/" + edited)).get("review_status").stringValue())
        .isEqualTo("pending");

    // decisions about other targets, unknown characters and garbage are skipped
    assertThat(intake.handle("not json")).isEqualTo(ignored());
    assertThat(intake.handle(decision(UUID.randomUUID().toString(), "approve_character", "x")))
        .isEqualTo(handled(Result.STALE));
  }

  @Test
  void theConsumerAppliesEventsFromKafkaOnce() throws Exception {
    User owner = adult();
    String id = create(owner, "Streamed", "public").get("id").stringValue();
    String topic = "safety.decision.test-" + UUID.randomUUID();
    String event = decision(id, "approve_character", "ok");
    // at-least-once upstream: the same event twice
    TopicWriter.send(topic, id, event, event);
    KafkaEventLoop loop =
        new KafkaEventLoop(
            "test-decisions",
            Infra.kafkaBootstrap(),
            topic,
            "character-test-" + UUID.randomUUID(),
            Duration.ofMillis(200),
            r -> intake.handle(r.value()));
    loop.start();
    try {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      String status = "pending";
      while (!"approved".equals(status) && Instant.now().isBefore(deadline)) {
        Thread.sleep(100);
        status = ok(get(owner, "/v1/characters/" + id)).get("review_status").stringValue();
      }
      assertThat(status).isEqualTo("approved");
    } finally {
      loop.stop();
    }
    // both deliveries went through the de-duplication: the event id is recorded once
    assertThat(intake.handle(event)).isEqualTo(duplicate());
    assertThat(CharacterLifecycleIT.readEvents(id, 3))
        .extracting(e -> e.get("type").stringValue())
        .containsExactly("character.created", "character.review_requested", "character.published");
  }

  /** A safety.decision event as safety-filter's outbox writes it. */
  private static String decision(String characterId, String decision, String reason) {
    return decision(characterId, decision, reason, Instant.now());
  }

  @Test
  void aDecisionFromAnotherProductsQueueIsDropped() {
    User owner = adult();
    String id = create(owner, "Glow only", "public").get("id").stringValue();
    String foreign =
        decision(id, "approve_character", "fine", Instant.now().plusSeconds(1), "talkie");
    assertThat(intake.handle(foreign)).isEqualTo(handled(Result.STALE));
    assertThat(ok(get(owner, "/v1/characters/" + id)).get("review_status").stringValue())
        .isEqualTo("pending");
  }

  private static String decision(
      String characterId, String decision, String reason, Instant decidedAt) {
    return decision(characterId, decision, reason, decidedAt, "glow");
  }

  private static String decision(
      String characterId, String decision, String reason, Instant decidedAt, String product) {
    SafetyDecision data =
        new SafetyDecision(
            SafetyDecision.SCHEMA_VERSION,
            UUID.randomUUID().toString(),
            "character",
            characterId,
            decision,
            List.of(),
            1,
            reason,
            0,
            null);
    return EVENTS.writeValueAsString(
        new CloudEvent(
            CloudEvent.SPEC_VERSION,
            UUID.randomUUID().toString(),
            "/safety-filter",
            SafetyDecision.type(decision),
            decidedAt,
            "characters/" + characterId,
            CloudEvent.JSON_CONTENT,
            product,
            "u_test",
            EVENTS.valueToTree(data)));
  }
}
