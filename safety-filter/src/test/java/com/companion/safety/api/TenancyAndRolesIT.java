package com.companion.safety.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.Role;
import com.companion.safety.review.Suspensions;
import com.companion.testkit.Infra;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The moderation side probed as an outsider would: another product's queue, the internal intake
 * with a user's token, someone else named as author, a moderator's own character, suspensions.
 */
class TenancyAndRolesIT extends ApiTestBase {

  private final JdbcTemplate jdbc = new JdbcTemplate(Infra.dataSource());

  @Autowired ReactiveStringRedisTemplate redis;

  @Test
  void aModeratorWorksOnlyTheQueueOfTheirOwnProduct() {
    User talkieUser = user("talkie", AgeGroup.ADULT, Role.USER);
    String messageId = "msg-" + UUID.randomUUID();
    String itemId = reportedItem(talkieUser, "message", messageId);
    User glowModerator = moderator();
    User talkieModerator = user("talkie", AgeGroup.ADULT, Role.USER, Role.MODERATOR);

    assertThat(get(glowModerator, "/v1/moderation/queue?limit=200", 200).findValuesAsString("id"))
        .doesNotContain(itemId);
    get(glowModerator, "/v1/moderation/items/" + itemId, 404);
    post(glowModerator, "/v1/moderation/items/" + itemId + "/claim", Map.of(), 404);
    assertThat(get(glowModerator, "/v1/moderation/audit?target_id=" + messageId, 200).size())
        .isZero();
    assertThat(get(talkieModerator, "/v1/moderation/queue?limit=200", 200).findValuesAsString("id"))
        .contains(itemId);
    post(talkieModerator, "/v1/moderation/items/" + itemId + "/claim", Map.of(), 200);
    assertThat(get(talkieModerator, "/v1/moderation/audit?target_id=" + messageId, 200).size())
        .isGreaterThan(0);
  }

  @Test
  void aReporterSeesTheirReportsOfOneProductOnly() {
    User inTalkie = user("talkie", AgeGroup.ADULT, Role.USER);
    User inGlow = inProduct(inTalkie, "glow");
    String reportId =
        post(
                inTalkie,
                "/v1/reports",
                Map.of(
                    "target_type",
                    "user",
                    "target_id",
                    "user-" + UUID.randomUUID(),
                    "reason",
                    "harassment"),
                201)
            .path("id")
            .asString();

    assertThat(get(inTalkie, "/v1/reports", 200).findValuesAsString("id")).contains(reportId);
    get(inTalkie, "/v1/reports/" + reportId, 200);
    assertThat(get(inGlow, "/v1/reports", 200).findValuesAsString("id")).doesNotContain(reportId);
    get(inGlow, "/v1/reports/" + reportId, 404);
  }

  @Test
  void theSameTargetReportedInTwoProductsIsTwoItems() {
    String account = "user-" + UUID.randomUUID();
    String glowItem = reportedItem(adult(), "user", account);
    String talkieItem = reportedItem(user("talkie", AgeGroup.ADULT, Role.USER), "user", account);
    assertThat(glowItem).isNotEqualTo(talkieItem);
  }

  @Test
  void aTokenForAnUnservedProductIsRefused() {
    JsonNode problem =
        post(
            user("no-such-app", AgeGroup.ADULT, Role.USER),
            "/v1/moderations",
            Map.of("input", "hello"),
            403);
    assertThat(problem.path("type").asString()).endsWith("/unknown-product");
  }

  @Test
  void theInternalReviewIntakeNeedsAServiceCredential() {
    Map<String, Object> card =
        Map.of("character_id", "char-" + UUID.randomUUID(), "name", "Tutor", "description", "hi");
    post(adult(), "/internal/v1/character-reviews", card, 401);
    post(moderator(), "/internal/v1/character-reviews", card, 401);
    JsonNode wrong =
        parse(
            client
                .post()
                .uri("/internal/v1/character-reviews")
                .header("Authorization", "Bearer " + adult().token())
                .header("X-Service-Key", "test-tool:guessed")
                .bodyValue(card)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .returnResult()
                .getResponseBody());
    assertThat(wrong.path("type").asString()).endsWith("/unauthenticated");
    postAsService(adult(), "/internal/v1/character-reviews", card, 202);
  }

  @Test
  void onlyAServiceMayNameAnotherAuthor() {
    User troll = adult();
    String victim = "victim-" + UUID.randomUUID();
    Map<String, Object> body =
        Map.of(
            "input",
            "i will kill you",
            "context",
            Map.of("target_id", "msg-" + UUID.randomUUID(), "author_id", victim));
    JsonNode pinned = post(troll, "/v1/moderations", body, 200);
    JsonNode item =
        get(moderator(), "/v1/moderation/items/" + pinned.path("queue_item_id").asString(), 200);
    assertThat(item.path("subject_user_id").asString()).isEqualTo(troll.id());

    Map<String, Object> serviceBody =
        Map.of(
            "input",
            "i will kill you",
            "context",
            Map.of("target_id", "msg-" + UUID.randomUUID(), "author_id", victim));
    JsonNode onBehalf = postAsService(troll, "/v1/moderations", serviceBody, 200);
    JsonNode serviceItem =
        get(moderator(), "/v1/moderation/items/" + onBehalf.path("queue_item_id").asString(), 200);
    assertThat(serviceItem.path("subject_user_id").asString()).isEqualTo(victim);
  }

  @Test
  void aModeratorCannotApproveTheirOwnCharacter() {
    User moderator = moderator();
    JsonNode accepted =
        postAsService(
            moderator,
            "/internal/v1/character-reviews",
            Map.of("character_id", "char-" + UUID.randomUUID(), "name", "Mine", "description", "x"),
            202);
    String itemId = accepted.path("item_id").asString();
    post(moderator, "/v1/moderation/items/" + itemId + "/claim", Map.of(), 200);
    JsonNode refused =
        post(
            moderator,
            "/v1/moderation/items/" + itemId + "/decision",
            Map.of("decision", "approve_character", "reason", "looks great"),
            403);
    assertThat(refused.path("type").asString()).endsWith("/cannot-decide-own-item");
    post(moderator, "/v1/moderation/items/" + itemId + "/release", Map.of(), 200);
    User other = moderator();
    post(other, "/v1/moderation/items/" + itemId + "/claim", Map.of(), 200);
    post(
        other,
        "/v1/moderation/items/" + itemId + "/decision",
        Map.of("decision", "approve_character", "reason", "fine"),
        200);
  }

  @Test
  void aSuspensionIsPublishedForTheEdgeToEnforce() {
    String account = "user-" + UUID.randomUUID();
    String itemId = reportedItem(adult(), "user", account);
    User mod = moderator();
    post(mod, "/v1/moderation/items/" + itemId + "/claim", Map.of(), 200);
    post(
        mod,
        "/v1/moderation/items/" + itemId + "/decision",
        Map.of("decision", "suspend", "reason", "threats", "suspend_for", "P7D"),
        200);
    String until =
        redis.opsForValue().get(Suspensions.key("glow", account)).block(Duration.ofSeconds(5));
    assertThat(until).isNotNull();
    assertThat(Instant.parse(until)).isAfter(Instant.now().plus(Duration.ofDays(6)));
    assertThat(redis.getExpire(Suspensions.key("glow", account)).block(Duration.ofSeconds(5)))
        .isGreaterThan(Duration.ofDays(6));
    // another product's account of the same id is not suspended
    assertThat(redis.hasKey(Suspensions.key("talkie", account)).block(Duration.ofSeconds(5)))
        .isFalse();
  }

  private String reportedItem(User reporter, String targetType, String targetId) {
    JsonNode report =
        post(
            reporter,
            "/v1/reports",
            Map.of("target_type", targetType, "target_id", targetId, "reason", "harassment"),
            201);
    return jdbc.queryForObject(
        "select queue_item_id::text from safety.reports where id = ?::uuid",
        String.class,
        report.path("id").asString());
  }
}
