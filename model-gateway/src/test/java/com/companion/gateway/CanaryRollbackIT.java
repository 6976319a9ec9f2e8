package com.companion.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.testkit.Infra;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** A canary that is slower or failing is rolled back automatically, and says so. */
class CanaryRollbackIT extends GatewayTestSupport {

  FakeNode stable;
  FakeNode canary;
  String alias;
  String admin;

  @BeforeEach
  void deployBoth() {
    stable = startNode();
    canary = startNode();
    alias = deployFresh(stable, canary);
    admin = adminToken();
    HttpResponse<String> started =
        send(
            "POST",
            "/v1/admin/models/" + alias + "/canary",
            admin,
            "{\"version\":\"v2\",\"weight\":0.5}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    assertThat(json(started.body()).get("canary").get("version").asString()).isEqualTo("v2");
    // decisions are ordered by time; let the clock move past the start decision
    clock.advance(java.time.Duration.ofSeconds(1));
  }

  @Test
  void aCanaryWithSlowFirstTokensIsRolledBack() {
    canary.firstTokenDelayMillis = 150;

    driveTrafficUntilRolledBack();

    JsonNode decision = latestDecision();
    assertThat(decision.get("decision").asString()).isEqualTo("rolled_back");
    assertThat(decision.get("actor").asString()).isEqualTo("auto");
    assertThat(decision.get("reason").asString()).contains("TTFT p95");
    assertThat(decision.get("canary_ttft_p95_ms").asDouble())
        .isGreaterThan(decision.get("stable_ttft_p95_ms").asDouble() * 1.5);
    assertEventInOutbox(decision);
    int canaryRequests = canary.requests.get();
    for (int i = 0; i < 10; i++) {
      assertThat(
              send("POST", "/v1/chat/completions", userToken("u-" + alias), chatBody(alias, false))
                  .statusCode())
          .isEqualTo(200);
    }
    assertThat(canary.requests.get()).isEqualTo(canaryRequests);
  }

  @Test
  void aFailingCanaryIsRolledBackWhileUsersStillGetAnswersFromStable() {
    canary.status = 500;

    driveTrafficUntilRolledBack();

    JsonNode decision = latestDecision();
    assertThat(decision.get("decision").asString()).isEqualTo("rolled_back");
    assertThat(decision.get("reason").asString()).contains("error rate");
    assertThat(decision.get("canary_error_rate").asDouble()).isEqualTo(1.0);
    assertEventInOutbox(decision);
  }

  @Test
  void anAdminPromotesTheCanaryToStable() {
    HttpResponse<String> promoted =
        send("POST", "/v1/admin/models/" + alias + "/canary/promote", admin, null);

    assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
    assertThat(json(promoted.body()).get("stable_version").asString()).isEqualTo("v2");
    assertThat(json(promoted.body()).get("canary").isNull()).isTrue();
    assertManualDecision("promoted", "promoted by an admin");
  }

  @Test
  void anAdminStopsTheCanaryAndStableTakesAllTrafficAgain() {
    HttpResponse<String> aborted =
        send("DELETE", "/v1/admin/models/" + alias + "/canary", admin, null);

    assertThat(aborted.statusCode()).as(aborted.body()).isEqualTo(200);
    assertThat(json(aborted.body()).get("stable_version").asString()).isEqualTo("v1");
    assertThat(json(aborted.body()).get("canary").isNull()).isTrue();
    assertManualDecision("aborted", "aborted by an admin");
  }

  /** The admin's decision is logged without window figures, and there is no canary left. */
  private void assertManualDecision(String what, String reason) {
    JsonNode decision = latestDecision();
    assertThat(decision.get("decision").asString()).isEqualTo(what);
    assertThat(decision.get("reason").asString()).isEqualTo(reason);
    assertThat(decision.get("stable_version").asString()).isEqualTo("v1");
    assertThat(decision.get("canary_version").asString()).isEqualTo("v2");
    assertThat(decision.get("actor").asString()).startsWith("admin-");
    assertThat(decision.get("canary_samples").isNull()).isTrue();
    assertThat(
            send("POST", "/v1/admin/models/" + alias + "/canary/promote", admin, null).statusCode())
        .isEqualTo(409);
    assertThat(send("DELETE", "/v1/admin/models/" + alias + "/canary", admin, null).statusCode())
        .isEqualTo(409);
  }

  private void driveTrafficUntilRolledBack() {
    for (int i = 0; i < 120; i++) {
      HttpResponse<String> response =
          send("POST", "/v1/chat/completions", userToken("u-" + i + alias), chatBody(alias, false));
      // stable answers when the canary fails, so users never see the bad release
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode state = json(send("GET", "/v1/admin/models/" + alias, admin, null).body());
      if (state.get("canary").isNull()) {
        assertThat(state.get("stable_version").asString()).isEqualTo("v1");
        return;
      }
    }
    throw new AssertionError("canary was not rolled back");
  }

  private JsonNode latestDecision() {
    JsonNode decisions =
        json(send("GET", "/v1/admin/models/" + alias + "/decisions", admin, null).body())
            .get("items");
    assertThat(decisions.get(1).get("decision").asString()).isEqualTo("started");
    return decisions.get(0);
  }

  /**
   * The rollback's event is in the outbox (the tests run without the relay, so nothing empties it)
   * with the decision's own figures.
   */
  private void assertEventInOutbox(JsonNode decision) {
    JdbcTemplate jdbc = new JdbcTemplate(Infra.dataSource());
    List<String> payloads =
        jdbc.queryForList(
            "select payload::text from gateway.outbox where message_key = ? and payload->>'type' = ?",
            String.class,
            alias,
            "model.canary.rolled_back");
    assertThat(payloads).hasSize(1);
    JsonNode event = json(payloads.getFirst());
    assertThat(event.get("subject").asString()).isEqualTo("models/" + alias);
    JsonNode data = event.get("data");
    assertThat(data.get("decision").asString()).isEqualTo("rolled_back");
    assertThat(data.get("alias").asString()).isEqualTo(alias);
    assertThat(data.get("stable_version").asString()).isEqualTo("v1");
    assertThat(data.get("canary_version").asString()).isEqualTo("v2");
    assertThat(data.get("actor").asString()).isEqualTo("auto");
    assertThat(data.get("reason").asString()).isEqualTo(decision.get("reason").asString());
    assertThat(data.get("canary_samples").asInt()).isPositive();
  }
}
