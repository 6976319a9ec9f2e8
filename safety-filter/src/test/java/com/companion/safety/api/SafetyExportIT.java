package com.companion.safety.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.testkit.Infra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/me/safety-export}: the caller's own reports and the decisions about them. */
class SafetyExportIT extends ApiTestBase {

  private final JdbcTemplate jdbc = new JdbcTemplate(Infra.dataSource());

  @Test
  void theExportHoldsTheCallersOwnReportsInTheirProductOnly() {
    User reporter = adult();
    String target = "msg-" + UUID.randomUUID();
    JsonNode filed =
        post(
            reporter,
            "/v1/reports",
            Map.of("target_type", "message", "target_id", target, "reason", "harassment"),
            201);
    // another user's report of the same message, and a report filed under the same id in another
    // product (an account id names different people in different products)
    JsonNode others =
        post(
            adult(),
            "/v1/reports",
            Map.of("target_type", "message", "target_id", target, "reason", "spam from others"),
            201);
    User sameIdElsewhere =
        new User(
            reporter.id(),
            MINTER.mint(
                new PlatformPrincipal(reporter.id(), "xingye", Set.of(Role.USER), AgeGroup.ADULT),
                Duration.ofMinutes(30)));
    String elsewhere = "msg-" + UUID.randomUUID();
    JsonNode otherProduct =
        post(
            sameIdElsewhere,
            "/v1/reports",
            Map.of("target_type", "message", "target_id", elsewhere, "reason", "other product"),
            201);

    JsonNode export = get(reporter, "/v1/me/safety-export", 200);

    assertThat(export.path("source").asString()).isEqualTo("safety-filter");
    assertThat(export.path("schema_version").asInt()).isEqualTo(1);
    assertThat(export.path("product").asString()).isEqualTo("glow");
    assertThat(export.path("reports")).hasSize(1);
    JsonNode report = export.path("reports").get(0);
    assertThat(report.path("id").asString()).isEqualTo(filed.path("id").asString());
    assertThat(report.path("target_type").asString()).isEqualTo("message");
    assertThat(report.path("target_id").asString()).isEqualTo(target);
    assertThat(report.path("reason").asString()).isEqualTo("harassment");
    assertThat(report.path("status").asString()).isEqualTo("pending");
    assertThat(report.path("created_at").isMissingNode()).isFalse();
    String body = export.toString();
    assertThat(body)
        .doesNotContain(others.path("id").asString())
        .doesNotContain("spam from others")
        .doesNotContain(otherProduct.path("id").asString())
        .doesNotContain(elsewhere);
    assertThat(export.path("strikes")).isEmpty();
    assertThat(export.path("sanctions")).isEmpty();

    JsonNode theirs = get(sameIdElsewhere, "/v1/me/safety-export", 200);
    assertThat(theirs.path("product").asString()).isEqualTo("xingye");
    assertThat(theirs.path("reports").findValuesAsString("target_id")).containsExactly(elsewhere);
  }

  @Test
  void theExportHoldsTheDecisionsAboutTheCallerWithoutTheModerator() {
    User author = adult();
    User reporter = adult();
    String message = "msg-" + UUID.randomUUID();
    User mod =
        warn(reporter, author, message, "words another user reported", "insults are not allowed");

    JsonNode export = get(author, "/v1/me/safety-export", 200);

    assertThat(export.path("reports")).isEmpty();
    assertThat(export.path("strikes")).hasSize(1);
    JsonNode strike = export.path("strikes").get(0);
    assertThat(strike.path("target_type").asString()).isEqualTo("message");
    assertThat(strike.path("target_id").asString()).isEqualTo(message);
    assertThat(strike.path("decision").asString()).isEqualTo("warn");
    assertThat(strike.path("reason").asString()).isEqualTo("insults are not allowed");
    assertThat(export.path("sanctions")).hasSize(1);
    JsonNode warning = export.path("sanctions").get(0);
    assertThat(warning.path("kind").asString()).isEqualTo("warning");
    assertThat(warning.path("automatic").asBoolean()).isFalse();
    // neither the moderator, nor the reporter, nor the reported text
    assertThat(export.toString())
        .doesNotContain(mod.id())
        .doesNotContain(reporter.id())
        .doesNotContain("words another user reported");
  }

  @Test
  void theExportIsReadInPagesThatRunThroughReportsStrikesAndSanctions() {
    User author = adult();
    warn(author, "first warning");
    for (int i = 0; i < 2; i++) {
      post(
          author,
          "/v1/reports",
          Map.of(
              "target_type", "message", "target_id", "msg-" + UUID.randomUUID(), "reason", "r" + i),
          201);
    }
    JsonNode whole = get(author, "/v1/me/safety-export", 200);
    assertThat(whole.path("reports")).hasSize(2);
    assertThat(whole.path("strikes")).hasSize(1);
    assertThat(whole.path("sanctions")).hasSize(1);
    assertThat(whole.has("next_cursor")).isFalse();

    // one row a page: four pages, the last without a cursor
    List<JsonNode> single = pages(author, 1, () -> {});
    assertThat(single).hasSize(4);
    assertThat(single)
        .allSatisfy(
            page ->
                assertThat(
                        page.path("reports").size()
                            + page.path("strikes").size()
                            + page.path("sanctions").size())
                    .isEqualTo(1));
    assertThat(joined(single)).isEqualTo(lists(whole));

    // three a page: the first page ends inside the strikes, the second starts after them; a
    // decision made between the pages is not on the second one, which is as of the first
    List<JsonNode> threes = pages(author, 3, () -> warn(author, "second warning"));
    assertThat(threes).hasSize(2);
    assertThat(threes.get(0).path("reports")).hasSize(2);
    assertThat(threes.get(0).path("strikes")).hasSize(1);
    assertThat(threes.get(1).path("strikes")).isEmpty();
    assertThat(threes.get(1).path("sanctions")).hasSize(1);
    assertThat(threes.get(1).has("next_cursor")).isFalse();
    assertThat(threes.get(1).path("exported_at")).isEqualTo(threes.get(0).path("exported_at"));
    assertThat(joined(threes)).isEqualTo(lists(whole));
    assertThat(get(author, "/v1/me/safety-export", 200).toString()).contains("second warning");
  }

  @Test
  void aCursorOrLimitThatIsNotOneOfOursIsABadRequest() {
    User user = adult();
    for (String query :
        List.of("?cursor=not-a-cursor", "?cursor=UkVQT1JUU3x4", "?limit=0", "?limit=501")) {
      JsonNode problem = get(user, "/v1/me/safety-export" + query, 400);
      assertThat(problem.path("field").asString()).as(query).isIn("cursor", "limit");
    }
  }

  /**
   * Every page of the caller's export at this page size; {@code betweenPages} runs after the first.
   */
  private List<JsonNode> pages(User user, int limit, Runnable betweenPages) {
    List<JsonNode> pages = new ArrayList<>();
    String cursor = null;
    do {
      String query = "?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor);
      JsonNode page = get(user, "/v1/me/safety-export" + query, 200);
      pages.add(page);
      if (pages.size() == 1) {
        betweenPages.run();
      }
      cursor = page.path("next_cursor").asString(null);
      assertThat(pages).as("pages that do not end").hasSizeLessThan(10);
    } while (cursor != null);
    return pages;
  }

  private static Map<String, List<JsonNode>> joined(List<JsonNode> pages) {
    Map<String, List<JsonNode>> lists = new LinkedHashMap<>();
    for (JsonNode page : pages) {
      lists(page)
          .forEach(
              (name, items) -> lists.computeIfAbsent(name, n -> new ArrayList<>()).addAll(items));
    }
    return lists;
  }

  private static Map<String, List<JsonNode>> lists(JsonNode document) {
    Map<String, List<JsonNode>> lists = new LinkedHashMap<>();
    for (String name : List.of("reports", "strikes", "sanctions")) {
      List<JsonNode> items = new ArrayList<>();
      document.path(name).forEach(items::add);
      lists.put(name, items);
    }
    return lists;
  }

  /** A moderator warns the user about a message someone reported: a strike and a warning. */
  private void warn(User user, String reason) {
    warn(adult(), user, "msg-" + UUID.randomUUID(), "words about which " + reason, reason);
  }

  /** The same, with who reported what; answers the moderator who decided. */
  private User warn(User reporter, User user, String message, String content, String reason) {
    JsonNode report =
        post(
            reporter,
            "/v1/reports",
            Map.of(
                "target_type",
                "message",
                "target_id",
                message,
                "reason",
                "harassment",
                "content",
                content,
                "subject_user_id",
                user.id()),
            201);
    String itemId =
        jdbc.queryForObject(
            "select queue_item_id::text from safety.reports where id = ?::uuid",
            String.class,
            report.path("id").asString());
    User mod = user("glow", AgeGroup.ADULT, Role.USER, Role.MODERATOR);
    post(mod, "/v1/moderation/items/" + itemId + "/claim", Map.of(), 200);
    post(
        mod,
        "/v1/moderation/items/" + itemId + "/decision",
        Map.of("decision", "warn", "reason", reason),
        200);
    return mod;
  }

  @Test
  void theExportNeedsAToken() {
    client
        .get()
        .uri("/v1/me/safety-export")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentTypeCompatibleWith("application/problem+json");
  }
}
