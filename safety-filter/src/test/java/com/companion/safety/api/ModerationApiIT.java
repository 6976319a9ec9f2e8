package com.companion.safety.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.Role;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ModerationApiIT extends ApiTestBase {

  @Test
  void answersInTheOpenAiShapeWithAnAction() {
    JsonNode r = post(adult(), "/v1/moderations", Map.of("input", "你这个傻逼"), 200);
    assertThat(r.path("id").asString()).startsWith("modr-");
    assertThat(r.path("model").asString()).isNotBlank();
    JsonNode first = r.path("results").get(0);
    assertThat(first.path("flagged").asBoolean()).isTrue();
    assertThat(first.path("categories").path("offensive").asBoolean()).isTrue();
    assertThat(first.path("category_scores").has("sexual/minors")).isTrue();
    assertThat(first.path("category_scores").size()).isEqualTo(14);
    assertThat(first.path("action").asString()).isEqualTo("redact");
    assertThat(first.path("redacted_text").asString()).isEqualTo("你这个**");
    assertThat(r.path("action").asString()).isEqualTo("redact");
  }

  @Test
  void acceptsAnArrayOfInputs() {
    JsonNode r =
        post(adult(), "/v1/moderations", Map.of("input", List.of("hello", "how are you")), 200);
    assertThat(r.path("results").size()).isEqualTo(2);
    assertThat(r.path("action").asString()).isEqualTo("allow");
  }

  @Test
  void policyDependsOnTheAgeGroup() {
    String text = "let's have sex chat and send nudes";
    assertThat(
            post(minor(), "/v1/moderations", Map.of("input", text), 200).path("action").asString())
        .isEqualTo("block");
    assertThat(
            post(adult(), "/v1/moderations", Map.of("input", text), 200).path("action").asString())
        .isNotEqualTo("block");
  }

  @Test
  void selfHarmGetsASupportiveReply() {
    JsonNode r = post(minor(), "/v1/moderations", Map.of("input", "I want to die"), 200);
    JsonNode result = r.path("results").get(0);
    assertThat(result.path("supportive_reply").path("message").asString()).isNotBlank();
    assertThat(result.path("supportive_reply").path("resources").size()).isGreaterThan(0);
  }

  @Test
  void badInputIsProblemJson() {
    client
        .post()
        .uri("/v1/moderations")
        .header("Authorization", "Bearer " + adult().token())
        .bodyValue(Map.of("input", 42))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith("application/problem+json");
    client
        .post()
        .uri("/v1/moderations")
        .bodyValue(Map.of("input", "hi"))
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void flaggedTextWithContextEntersTheQueue() {
    String messageId = "msg-" + UUID.randomUUID();
    JsonNode r =
        post(
            minor(),
            "/v1/moderations",
            Map.of(
                "input",
                "i will kill you",
                "context",
                Map.of("target_id", messageId, "preceding_turns", List.of("hi", "go away"))),
            200);
    assertThat(r.path("action").asString()).isEqualTo("block");
    String itemId = r.path("queue_item_id").asString();
    JsonNode item = get(moderator(), "/v1/moderation/items/" + itemId, 200);
    assertThat(item.path("target_id").asString()).isEqualTo(messageId);
    assertThat(item.path("involves_minor").asBoolean()).isTrue();
    assertThat(item.path("context").path("preceding_turns").size()).isEqualTo(2);
    assertThat(item.path("priority").asInt()).isGreaterThanOrEqualTo(100);
  }

  @Test
  void adminChangesAPolicyWithoutARestart() {
    String product = "prod-" + UUID.randomUUID().toString().substring(0, 8);
    User adultOfProduct = user(product, AgeGroup.ADULT, Role.USER);
    String text = "what a stupid idiot moron";
    // the built-in adult policy only reviews insults
    assertThat(
            post(adultOfProduct, "/v1/moderations", Map.of("input", text), 200)
                .path("action")
                .asString())
        .isNotEqualTo("block");
    put(
        admin(),
        "/v1/admin/policies/" + product + "/adult",
        Map.of(
            "rules",
            Map.of("offensive", Map.of("block_at", 0.3, "review_at", 0.2)),
            "reason",
            "insults get out of hand"),
        200);
    assertThat(
            post(adultOfProduct, "/v1/moderations", Map.of("input", text), 200)
                .path("action")
                .asString())
        .isEqualTo("block");
    JsonNode effective = get(moderator(), "/v1/admin/policies/" + product + "/adult", 200);
    assertThat(effective.path("version").asLong()).isEqualTo(1);
    assertThat(effective.path("rules").path("offensive").path("block_at").asDouble())
        .isEqualTo(0.3);
  }

  @Test
  void aPolicyChangeNeedsAReasonThatIsStoredAndReturned() {
    String product = "prod-" + UUID.randomUUID().toString().substring(0, 8);
    String path = "/v1/admin/policies/" + product + "/adult";
    String target = product + "/adult";
    User admin = admin();
    Map<String, Object> rules = Map.of("offensive", Map.of("block_at", 0.4));
    Map<String, Object> noReason = Map.of("rules", rules);
    Map<String, Object> blank = Map.of("rules", rules, "reason", " \t ");
    Map<String, Object> tooLong = Map.of("rules", rules, "reason", "x".repeat(501));
    for (Map<String, Object> body : List.of(noReason, blank, tooLong)) {
      byte[] problem =
          client
              .put()
              .uri(path)
              .header("Authorization", "Bearer " + admin.token())
              .bodyValue(body)
              .exchange()
              .expectStatus()
              .isBadRequest()
              .expectHeader()
              .contentTypeCompatibleWith("application/problem+json")
              .expectBody()
              .returnResult()
              .getResponseBody();
      assertThat(parse(problem).path("field").asString()).as("%s", body).isEqualTo("reason");
    }
    // nothing was written: no version, no change, no audit row
    assertThat(get(admin, path, 200).path("built_in").asBoolean()).isTrue();
    assertThat(get(admin, "/v1/admin/policies/changes?product=" + product, 200).size()).isZero();
    assertThat(get(moderator(), "/v1/moderation/audit?target_id=" + target, 200).size()).isZero();

    JsonNode saved =
        put(admin, path, Map.of("rules", rules, "reason", "  insults got worse  "), 200);
    assertThat(saved.path("version").asLong()).isEqualTo(1);
    assertThat(saved.path("reason").asString()).as("trimmed").isEqualTo("insults got worse");
    assertThat(saved.path("updated_by").asString()).isEqualTo(admin.id());
    put(admin, path, Map.of("rules", rules, "reason", "理由：投诉增加"), 200);

    JsonNode effective = get(moderator(), path, 200);
    assertThat(effective.path("version").asLong()).isEqualTo(2);
    assertThat(effective.path("reason").asString()).isEqualTo("理由：投诉增加");
    assertThat(effective.path("updated_by").asString()).isEqualTo(admin.id());
    assertThat(effective.path("updated_at").asString()).isNotBlank();
    JsonNode listed =
        get(moderator(), "/v1/admin/policies", 200)
            .path("items")
            .valueStream()
            .filter(p -> p.path("product").asString().equals(product))
            .findFirst()
            .orElseThrow();
    assertThat(listed.path("reason").asString()).isEqualTo("理由：投诉增加");

    JsonNode changes =
        get(moderator(), "/v1/admin/policies/changes?product=" + product + "&age_group=adult", 200);
    assertThat(changes.valueStream().map(c -> c.path("version").asLong()))
        .as("newest first")
        .containsExactly(2L, 1L);
    assertThat(changes.valueStream().map(c -> c.path("reason").asString()))
        .containsExactly("理由：投诉增加", "insults got worse");
    assertThat(changes.get(1).path("actor").asString()).isEqualTo(admin.id());
    assertThat(changes.get(1).path("age_group").asString()).isEqualTo("adult");
    assertThat(changes.get(1).path("rules").path("offensive").path("block_at").asDouble())
        .isEqualTo(0.4);
    assertThat(changes.get(1).path("changed_at").asString()).isNotBlank();
    assertThat(
            get(moderator(), "/v1/admin/policies/changes?age_group=minor&limit=500", 200)
                .valueStream())
        .as("another age group's changes are not this one's")
        .noneMatch(c -> c.path("product").asString().equals(product));

    JsonNode audit = get(moderator(), "/v1/moderation/audit?target_id=" + target, 200);
    assertThat(audit.valueStream().map(a -> a.path("action").asString()))
        .containsExactly("policy.update", "policy.update");
    assertThat(audit.valueStream().map(a -> a.path("reason").asString()))
        .containsExactly("理由：投诉增加", "insults got worse");
  }

  @Test
  void onlyAdminsChangeLexiconsAndPolicies() {
    User mod = moderator();
    client
        .post()
        .uri("/v1/admin/lexicons/terms")
        .header("Authorization", "Bearer " + mod.token())
        .bodyValue(Map.of("category", "offensive", "language", "en", "term", "zzz"))
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentTypeCompatibleWith("application/problem+json");
    put(mod, "/v1/admin/policies/glow/minor", Map.of("rules", Map.of()), 403);
    // reading is fine for moderators, not for users
    get(mod, "/v1/admin/lexicons", 200);
    get(adult(), "/v1/admin/lexicons", 403);
    get(adult(), "/v1/admin/policies", 403);
  }

  @Test
  void lexiconChangesAreVersionedAndAudited() {
    User admin = admin();
    String term = "zqx" + UUID.randomUUID().toString().substring(0, 6);
    JsonNode added =
        post(
            admin,
            "/v1/admin/lexicons/terms",
            Map.of("category", "harassment", "language", "en", "term", term, "reason", "new slang"),
            201);
    long version = added.path("version").asLong();
    JsonNode r = post(adult(), "/v1/moderations", Map.of("input", "you " + term), 200);
    assertThat(r.path("results").get(0).path("categories").path("harassment").asBoolean()).isTrue();
    JsonNode removed =
        parse(
            client
                .delete()
                .uri(
                    b ->
                        b.path("/v1/admin/lexicons/terms")
                            .queryParam("category", "harassment")
                            .queryParam("language", "en")
                            .queryParam("term", term)
                            .build())
                .header("Authorization", "Bearer " + admin.token())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());
    assertThat(removed.path("version").asLong()).isGreaterThan(version);
    JsonNode changes = get(admin, "/v1/admin/lexicons/changes?after=" + (version - 1), 200);
    assertThat(changes.size()).isGreaterThanOrEqualTo(2);
    JsonNode audit = get(moderator(), "/v1/moderation/audit?target_id=" + term, 200);
    assertThat(audit.size()).isEqualTo(2);
    assertThat(audit.get(0).path("actor").asString()).isEqualTo(admin.id());
  }
}
