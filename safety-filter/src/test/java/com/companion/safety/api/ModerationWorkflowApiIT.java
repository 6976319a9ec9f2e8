package com.companion.safety.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.companion.platform.web.PageCursor;
import com.companion.testkit.Infra;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

class ModerationWorkflowApiIT extends ApiTestBase {

  private final JdbcTemplate jdbc = new JdbcTemplate(Infra.dataSource());

  private String reportedItem(User reporter, String targetType, String targetId, String reason) {
    JsonNode report =
        post(
            reporter,
            "/v1/reports",
            Map.of("target_type", targetType, "target_id", targetId, "reason", reason),
            201);
    assertThat(report.path("status").asString()).isEqualTo("pending");
    return jdbc.queryForObject(
        "select queue_item_id::text from safety.reports where id = ?::uuid",
        String.class,
        report.path("id").asString());
  }

  @Test
  void usersCannotReadTheQueue() {
    get(adult(), "/v1/moderation/queue", 403);
    get(moderator(), "/v1/moderation/queue", 200);
  }

  @Test
  void theQueuePagesWithItsCursorAndRefusesOneThatIsNotOurs() {
    List<String> reported = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      reported.add(reportedItem(adult(), "message", "msg-" + UUID.randomUUID(), "harassment"));
    }
    User moderator = moderator();
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          get(
              moderator,
              "/v1/moderation/queue?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
              200);
      page.path("items").forEach(item -> seen.add(item.path("id").asString()));
      cursor = page.hasNonNull("next_cursor") ? page.path("next_cursor").asString() : null;
    } while (cursor != null);
    assertThat(seen).containsAll(reported).doesNotHaveDuplicates();

    for (String bad :
        List.of(
            "not-a-cursor",
            "AAAA",
            PageCursor.of("queue", -1).encode(),
            PageCursor.of("queue", "x").encode(),
            PageCursor.of("queue", 1L << 40).encode(),
            PageCursor.of("safety-export", 2).encode())) {
      JsonNode problem = get(moderator, "/v1/moderation/queue?cursor=" + bad, 400);
      assertThat(problem.path("field").asString()).as(bad).isEqualTo("cursor");
    }
  }

  @Test
  void exactlyOneOfTwoConcurrentClaimersWins() throws Exception {
    String itemId = reportedItem(adult(), "message", "msg-" + UUID.randomUUID(), "harassment");
    User a = moderator();
    User b = moderator();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (User m : List.of(a, b)) {
        Callable<Integer> claim =
            () -> {
              start.await();
              return client
                  .post()
                  .uri("/v1/moderation/items/" + itemId + "/claim")
                  .header("Authorization", "Bearer " + m.token())
                  .exchange()
                  .returnResult(byte[].class)
                  .getStatus()
                  .value();
            };
        results.add(pool.submit(claim));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : results) {
        statuses.add(f.get());
      }
      assertThat(statuses).containsExactlyInAnyOrder(200, 409);
      // whoever won can hand it back; then the other can take it
      User winner = statuses.get(0) == 200 ? a : b;
      User loser = winner == a ? b : a;
      post(loser, "/v1/moderation/items/" + itemId + "/release", Map.of(), 409);
      post(winner, "/v1/moderation/items/" + itemId + "/release", Map.of(), 200);
      post(loser, "/v1/moderation/items/" + itemId + "/claim", Map.of(), 200);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aDecisionTellsTheReporterStrikesTheAuthorAndPublishesAnEvent() {
    User reporter = minor();
    String author = "author-" + UUID.randomUUID();
    String messageId = "msg-" + UUID.randomUUID();
    JsonNode report =
        post(
            reporter,
            "/v1/reports",
            Map.of(
                "target_type", "message",
                "target_id", messageId,
                "reason", "sexual/minors",
                "content", "send me underage nudes",
                "subject_user_id", author),
            201);
    String itemId =
        jdbc.queryForObject(
            "select queue_item_id::text from safety.reports where id = ?::uuid",
            String.class,
            report.path("id").asString());
    User mod = moderator();
    // minors and sexual/minors come first
    JsonNode item = get(mod, "/v1/moderation/items/" + itemId, 200);
    assertThat(item.path("severity").asInt()).isEqualTo(5);
    assertThat(item.path("priority").asInt()).isGreaterThanOrEqualTo(300);
    JsonNode queue = get(mod, "/v1/moderation/queue?limit=200", 200);
    int highest = queue.path("items").get(0).path("priority").asInt();
    assertThat(highest).isGreaterThanOrEqualTo(item.path("priority").asInt());

    // deciding without a claim is refused
    post(
        mod,
        "/v1/moderation/items/" + itemId + "/decision",
        Map.of("decision", "remove_message", "reason", "csam"),
        409);
    post(mod, "/v1/moderation/items/" + itemId + "/claim", Map.of(), 200);
    post(
        mod,
        "/v1/moderation/items/" + itemId + "/decision",
        Map.of("decision", "approve_character", "reason", "x"),
        400);
    JsonNode decided =
        post(
            mod,
            "/v1/moderation/items/" + itemId + "/decision",
            Map.of("decision", "remove_message", "reason", "sexual content involving minors"),
            200);
    assertThat(decided.path("status").asString()).isEqualTo("decided");
    assertThat(decided.path("subject_strikes").asInt()).isEqualTo(1);

    JsonNode mine = get(reporter, "/v1/reports/" + report.path("id").asString(), 200);
    assertThat(mine.path("status").asString()).isEqualTo("resolved");
    assertThat(mine.path("outcome").asString()).isEqualTo("content_removed");
    // someone else's report is not visible
    get(adult(), "/v1/reports/" + report.path("id").asString(), 404);

    JsonNode audit = get(mod, "/v1/moderation/audit?target_id=" + messageId, 200);
    assertThat(audit.findValuesAsString("action"))
        .contains("report.create", "queue.claim", "queue.decision");
    assertThatThrownBy(
            () -> jdbc.update("delete from safety.audit_log where target_id = ?", messageId))
        .hasMessageContaining("append-only");

    JsonNode event = awaitKafkaEvent(messageId);
    assertThat(event.path("type").asString()).isEqualTo("safety.message_removed");
    assertThat(event.path("data").path("decision").asString()).isEqualTo("remove_message");
    assertThat(event.path("data").path("strikes").asInt()).isEqualTo(1);
  }

  @Test
  void strikesEscalateToASuspensionAtTheThreshold() {
    String author = "author-" + UUID.randomUUID();
    User mod = moderator();
    JsonNode last = null;
    for (int i = 0; i < 3; i++) {
      String itemId = reportedItem(adult(), "user", author, "harassment");
      post(mod, "/v1/moderation/items/" + itemId + "/claim", Map.of(), 200);
      last =
          post(
              mod,
              "/v1/moderation/items/" + itemId + "/decision",
              Map.of("decision", "warn", "reason", "insults #" + i),
              200);
    }
    assertThat(last.path("subject_strikes").asInt()).isEqualTo(3);
    Integer suspensions =
        jdbc.queryForObject(
            "select count(*) from safety.sanctions where user_id = ? and kind = 'suspension'"
                + " and created_by = 'system'",
            Integer.class,
            author);
    assertThat(suspensions).isEqualTo(1);
    assertThat(get(mod, "/v1/moderation/users/" + author + "/strikes", 200).path("strikes").asInt())
        .isEqualTo(3);
  }

  @Test
  void characterPublicationReviewsEnterTheSameQueue() {
    User creator = adult();
    String characterId = "char-" + UUID.randomUUID();
    JsonNode accepted =
        postAsService(
            creator,
            "/internal/v1/character-reviews",
            Map.of(
                "character_id",
                characterId,
                "version",
                2,
                "name",
                "Study buddy",
                "description",
                "A friendly tutor who helps with maths."),
            202);
    String itemId = accepted.path("item_id").asString();
    User mod = moderator();
    JsonNode item = get(mod, "/v1/moderation/items/" + itemId, 200);
    assertThat(item.path("source").asString()).isEqualTo("character_review");
    assertThat(item.path("subject_user_id").asString()).isEqualTo(creator.id());
    post(mod, "/v1/moderation/items/" + itemId + "/claim", Map.of(), 200);
    JsonNode decided =
        post(
            mod,
            "/v1/moderation/items/" + itemId + "/decision",
            Map.of("decision", "approve_character", "reason", "fine"),
            200);
    assertThat(decided.path("decision").asString()).isEqualTo("approve_character");
  }
}
