package com.companion.safety.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.testkit.Infra;
import java.time.Duration;
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
    JsonNode report =
        post(
            reporter,
            "/v1/reports",
            Map.of(
                "target_type", "message",
                "target_id", message,
                "reason", "harassment",
                "content", "words another user reported",
                "subject_user_id", author.id()),
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
        Map.of("decision", "warn", "reason", "insults are not allowed"),
        200);

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
