package com.companion.safety.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.contracts.events.AccountDeleted;
import com.companion.contracts.events.CharacterReviewRequested;
import com.companion.contracts.events.CloudEvent;
import com.companion.safety.review.CharacterReviewIntake;
import com.companion.safety.review.Suspensions;
import com.companion.testkit.AccountDeletedEvent;
import com.companion.testkit.AccountDeletionRecords;
import com.companion.testkit.Infra;
import com.companion.testkit.SchemaScan;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code account.deleted} published to {@code account.lifecycle} on the real broker, consumed by
 * the service's own consumer: what the account filed and what only served to act against it goes,
 * the record of moderators' decisions stays under a tombstone, nobody else's rows change, and a
 * redelivery changes nothing.
 */
class AccountDeletionIT extends ApiTestBase {

  private static final JsonMapper EVENTS =
      JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  private final JdbcTemplate jdbc = new JdbcTemplate(Infra.dataSource());
  private final AccountDeletionRecords deletions =
      new AccountDeletionRecords(Infra.dataSource(), "safety");

  @Autowired CharacterReviewIntake characterReviews;
  @Autowired ReactiveStringRedisTemplate redis;

  @Test
  void aDeletedAccountLeavesNoTraceInTheSafetySchemaAndTheDecisionsStayAnonymous() {
    // a minor: a threat in a minor's message is blocked, so it enters the queue automatically
    User leaving = minor();
    User staying = adult();
    User mod = moderator();
    String pseudonym = "u_" + UUID.randomUUID().toString().replace("-", "");
    String tombstone = AccountDeleted.tombstone(pseudonym);

    // the account reports someone else's message, in words of its own
    String reportedMessage = "msg-" + UUID.randomUUID();
    String filed =
        post(
                leaving,
                "/v1/reports",
                Map.of(
                    "target_type",
                    "message",
                    "target_id",
                    reportedMessage,
                    "reason",
                    "he keeps insulting me, I am " + leaving.id(),
                    "content",
                    "what a stupid idiot",
                    "subject_user_id",
                    staying.id()),
                201)
            .path("id")
            .asString();
    String othersItem = itemOfReport(filed);
    // someone reports the account itself, and a moderator suspends it
    String reportOfLeaving =
        post(
                staying,
                "/v1/reports",
                Map.of("target_type", "user", "target_id", leaving.id(), "reason", "harassment"),
                201)
            .path("id")
            .asString();
    String userItem = itemOfReport(reportOfLeaving);
    post(mod, "/v1/moderation/items/" + userItem + "/claim", Map.of(), 200);
    post(
        mod,
        "/v1/moderation/items/" + userItem + "/decision",
        Map.of("decision", "suspend", "reason", "repeated harassment", "suspend_for", "P7D"),
        200);
    // its flagged message, never reviewed
    String messageItem =
        post(
                leaving,
                "/v1/moderations",
                Map.of(
                    "input",
                    "i will kill you",
                    "context",
                    Map.of(
                        "target_id",
                        "msg-" + UUID.randomUUID(),
                        "preceding_turns",
                        List.of("hi", "go away"))),
                200)
            .path("queue_item_id")
            .asString();
    // its characters in review: one sent by character-service's API (named by id), one arriving as
    // an event (named by pseudonym)
    String characterItem =
        postAsService(
                leaving,
                "/internal/v1/character-reviews",
                Map.of(
                    "character_id",
                    "char-" + UUID.randomUUID(),
                    "version",
                    1,
                    "name",
                    "Diary",
                    "description",
                    "My real name is on this card"),
                202)
            .path("item_id")
            .asString();
    String pseudonymousItem =
        characterReviews.handle(reviewRequested(pseudonym)).result().toString();

    awaitOutboxWithout(leaving.id());
    assertThat(rowsHolding(leaving.id()))
        .containsKeys(
            "reports.reporter_id",
            "reports.target_id",
            "queue_items.subject_user_id",
            "queue_items.target_id",
            "strikes.user_id",
            "sanctions.user_id",
            "audit_log.actor",
            "audit_log.target_id");
    Map<String, Integer> stayingBefore = rowsHolding(staying.id());
    Map<String, Integer> moderatorBefore = rowsHolding(mod.id());
    String suspensionKey = Suspensions.key("glow", leaving.id());
    assertThat(redis.hasKey(suspensionKey).block()).isTrue();
    int auditRows = count("safety.audit_log", "true");

    AccountDeletedEvent event = AccountDeletedEvent.of(leaving.id(), "glow", pseudonym);
    event.publish(leaving.id());
    deletions.awaitDone(leaving.id());

    assertThat(rowsHolding(leaving.id())).isEmpty();
    assertThat(redis.hasKey(suspensionKey).block()).isFalse();
    assertThat(count("safety.reports", "id = '" + filed + "'")).isZero();
    assertThat(count("safety.strikes", "user_id like '%" + pseudonym + "'")).isZero();
    assertThat(count("safety.sanctions", "user_id like '%" + pseudonym + "'")).isZero();
    // the audit trail lost no row: three items were closed on the way, and said so
    assertThat(count("safety.audit_log", "true")).isEqualTo(auditRows + 3);

    // the suspension stays on record, about the tombstone
    JsonNode suspended = get(mod, "/v1/moderation/items/" + userItem, 200);
    assertThat(suspended.path("decision").asString()).isEqualTo("suspend");
    assertThat(suspended.path("decision_reason").asString()).isEqualTo("repeated harassment");
    assertThat(suspended.path("decided_by").asString()).isEqualTo(mod.id());
    assertThat(suspended.path("target_id").asString()).isEqualTo(tombstone);
    // the flagged message: closed, its text and the turns around it gone
    JsonNode message = get(mod, "/v1/moderation/items/" + messageItem, 200);
    assertThat(message.path("status").asString()).isEqualTo("decided");
    assertThat(message.path("decision").asString()).isEqualTo("account_deleted");
    assertThat(message.path("subject_user_id").asString()).isEqualTo(tombstone);
    assertThat(message.path("content").isMissingNode() || message.path("content").isNull())
        .isTrue();
    assertThat(message.path("context").has("preceding_turns")).isFalse();
    // both character reviews: closed, and the pseudonym stays only inside the tombstone
    for (String item : List.of(characterItem, pseudonymousItem)) {
      JsonNode character = get(mod, "/v1/moderation/items/" + item, 200);
      assertThat(character.path("decision").asString()).isEqualTo("account_deleted");
      assertThat(character.path("subject_user_id").asString()).isEqualTo(tombstone);
      assertThat(character.path("context").has("owner")).isFalse();
    }
    // the item about someone else's message stays open, without the account's words
    JsonNode others = get(mod, "/v1/moderation/items/" + othersItem, 200);
    assertThat(others.path("status").asString()).isEqualTo("open");
    assertThat(others.path("subject_user_id").asString()).isEqualTo(staying.id());
    assertThat(others.path("context").has("reported_reason")).isFalse();

    assertThat(rowsHolding(staying.id())).isEqualTo(stayingBefore);
    // the moderator's suspension went with the suspended account; the decision stays on the item
    Map<String, Integer> moderatorAfter = new LinkedHashMap<>(moderatorBefore);
    moderatorAfter.remove("sanctions.created_by");
    assertThat(rowsHolding(mod.id())).isEqualTo(moderatorAfter);
    JsonNode theirReport = get(staying, "/v1/reports/" + reportOfLeaving, 200);
    assertThat(theirReport.path("outcome").asString()).isEqualTo("user_suspended");
    assertThat(theirReport.path("target_id").asString()).isEqualTo(tombstone);
    // append-only still holds outside the erasure
    assertThatThrownBy(
            () ->
                jdbc.update(
                    "update safety.audit_log set actor = 'x' where actor = ?", staying.id()))
        .hasMessageContaining("append-only");
    assertThat(deletions.eventId(leaving.id())).isEqualTo(event.id());
  }

  @Test
  void aDeletedModeratorsDecisionsStayUnderTheTombstoneAndItsClaimsGoBack() {
    User mod = moderator();
    String pseudonym = "u_" + UUID.randomUUID().toString().replace("-", "");
    String tombstone = AccountDeleted.tombstone(pseudonym);
    String author = "author-" + UUID.randomUUID();
    String decidedItem = reportedItem(adult(), "user", author);
    post(mod, "/v1/moderation/items/" + decidedItem + "/claim", Map.of(), 200);
    post(
        mod,
        "/v1/moderation/items/" + decidedItem + "/decision",
        Map.of("decision", "warn", "reason", "rude"),
        200);
    String heldItem = reportedItem(adult(), "message", "msg-" + UUID.randomUUID());
    post(mod, "/v1/moderation/items/" + heldItem + "/claim", Map.of(), 200);
    awaitOutboxWithout(mod.id());
    assertThat(rowsHolding(mod.id()))
        .containsKeys(
            "queue_items.claimed_by",
            "queue_items.decided_by",
            "sanctions.created_by",
            "audit_log.actor");

    AccountDeletedEvent.of(mod.id(), "glow", pseudonym).publish(mod.id());
    deletions.awaitDone(mod.id());

    assertThat(rowsHolding(mod.id())).isEmpty();
    JsonNode decided = get(moderator(), "/v1/moderation/items/" + decidedItem, 200);
    assertThat(decided.path("decision").asString()).isEqualTo("warn");
    assertThat(decided.path("decided_by").asString()).isEqualTo(tombstone);
    assertThat(decided.path("target_id").asString()).isEqualTo(author);
    assertThat(
            jdbc.queryForObject(
                "select created_by from safety.sanctions where user_id = ?", String.class, author))
        .isEqualTo(tombstone);
    // nobody is left to finish the claimed item: it is back in the queue for another moderator
    JsonNode held = get(moderator(), "/v1/moderation/items/" + heldItem, 200);
    assertThat(held.path("status").asString()).isEqualTo("open");
    post(moderator(), "/v1/moderation/items/" + heldItem + "/claim", Map.of(), 200);
  }

  @Test
  void aRedeliveredEventIsANoOpAndOtherProductsKeepTheirs() {
    User leaving = adult();
    User sameIdElsewhere =
        new User(
            leaving.id(),
            MINTER.mint(
                new PlatformPrincipal(leaving.id(), "talkie", Set.of(Role.USER), AgeGroup.ADULT),
                Duration.ofMinutes(30)));
    String before = fileReport(leaving);
    String elsewhere = fileReport(sameIdElsewhere);
    AccountDeletedEvent event = AccountDeletedEvent.of(leaving.id(), "glow", null);
    event.publish(leaving.id());
    deletions.awaitDone(leaving.id());
    Instant doneAt = deletions.doneAt(leaving.id());

    // the user reports again (a token outlives the account by up to 15 minutes), then the same
    // event arrives a second time: it is recognised by its id and deletes nothing more
    String again = fileReport(leaving);
    event.publish(leaving.id());
    // another deletion on the same key (so the same partition) is handled after the repeat
    String marker = "marker-" + UUID.randomUUID();
    AccountDeletedEvent.of(marker, "glow", null).publish(leaving.id());
    deletions.awaitDone(marker);

    assertThat(count("safety.reports", "id = '" + before + "'")).isZero();
    assertThat(count("safety.reports", "id = '" + again + "'")).isEqualTo(1);
    assertThat(deletions.doneAt(leaving.id())).isEqualTo(doneAt);
    assertThat(deletions.timesProcessed(event.id())).isEqualTo(1);
    // accounts are per product: the same id in another product keeps its report
    get(sameIdElsewhere, "/v1/reports/" + elsewhere, 200);
  }

  private String fileReport(User reporter) {
    return post(
            reporter,
            "/v1/reports",
            Map.of(
                "target_type",
                "message",
                "target_id",
                "msg-" + UUID.randomUUID(),
                "reason",
                "spam"),
            201)
        .path("id")
        .asString();
  }

  private String reportedItem(User reporter, String targetType, String targetId) {
    return itemOfReport(
        post(
                reporter,
                "/v1/reports",
                Map.of("target_type", targetType, "target_id", targetId, "reason", "harassment"),
                201)
            .path("id")
            .asString());
  }

  private String itemOfReport(String reportId) {
    return jdbc.queryForObject(
        "select queue_item_id::text from safety.reports where id = ?::uuid",
        String.class,
        reportId);
  }

  /**
   * Where the id is still stored in the {@code safety} schema (table.column → rows), after checking
   * that the scan reached the tables that hold an account's rows: it would see a forgotten table.
   */
  private Map<String, Integer> rowsHolding(String userId) {
    SchemaScan scan = SchemaScan.of(Infra.dataSource(), "safety", userId);
    assertThat(scan.checked())
        .contains(
            "reports.reporter_id",
            "queue_items.subject_user_id",
            "queue_items.content",
            "queue_items.context",
            "strikes.user_id",
            "sanctions.user_id",
            "sanctions.created_by",
            "audit_log.actor",
            "audit_log.reason",
            "audit_log.detail",
            "lexicon_changes.actor",
            "policy_changes.actor");
    return scan.found();
  }

  /** Decisions go out through the outbox; an event still waiting there is not at rest here. */
  private void awaitOutboxWithout(String userId) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.queryForObject(
                        "select count(*) from safety.outbox where position(? in payload::text) > 0",
                        Integer.class,
                        userId)
                    == 0);
  }

  private int count(String table, String where) {
    return jdbc.queryForObject("select count(*) from " + table + " where " + where, Integer.class);
  }

  /** A review request as character-service's outbox writes it: the creator by pseudonym. */
  private static String reviewRequested(String pseudonym) {
    String characterId = "char-" + UUID.randomUUID();
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
            pseudonym,
            EVENTS.valueToTree(
                new CharacterReviewRequested(
                    CharacterReviewRequested.SCHEMA_VERSION,
                    characterId,
                    1,
                    "Pen pal",
                    "name: Pen pal\nwrites letters",
                    List.of("letters"),
                    false))));
  }
}
