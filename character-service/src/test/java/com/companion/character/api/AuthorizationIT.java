package com.companion.character.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AuthorizationIT extends ApiTestBase {

  @Test
  void aPrivateCharacterIsNotFoundForOthers() {
    User owner = adult();
    User other = adult();
    String id = create(owner, "Secret", "private").get("id").stringValue();
    ok(get(owner, "/v1/characters/" + id));
    problem(get(other, "/v1/characters/" + id), 404);
    problem(get(other, "/v1/characters/" + id + "/versions/1"), 404);
    problem(put(other, "/v1/characters/" + id, "{\"name\":\"Mine now\"}"), 404);
    problem(delete(other, "/v1/characters/" + id), 404);
    problem(get(other, "/v1/characters/" + id + "/export?format=json"), 404);
    problem(get(other, "/v1/characters/" + id + "/stats"), 404);
    problem(
        client
            .put()
            .uri("/v1/characters/" + id + "/like")
            .headers(h -> h.setBearerAuth(other.token()))
            .exchange(),
        404);
    problem(get(moderator(), "/v1/characters/" + id), 404);
    assertThat(ok(get(owner, "/v1/characters/" + id)).get("name").stringValue())
        .isEqualTo("Secret");
  }

  @Test
  void unlistedIsReadableByIdButOnlyTheOwnerEdits() {
    User owner = adult();
    User other = adult();
    String tag = "t" + System.nanoTime();
    String id =
        create(
                owner,
                "{\"name\":\"Hidden\",\"tags\":[\"" + tag + "\"],\"visibility\":\"unlisted\"}")
            .get("id")
            .stringValue();
    assertThat(ok(get(other, "/v1/characters/" + id)).get("name").stringValue())
        .isEqualTo("Hidden");
    assertThat(ok(get(other, "/v1/characters?tag=" + tag)).get("items").size()).isZero();
    problem(put(other, "/v1/characters/" + id, "{\"name\":\"Mine now\"}"), 403);
    problem(delete(other, "/v1/characters/" + id), 403);
    problem(get(other, "/v1/characters/" + id + "/stats"), 403);
    problem(
        post(other, "/v1/characters/" + id + "/visibility", "{\"visibility\":\"private\"}"), 403);
    assertThat(ok(get(owner, "/v1/characters/" + id)).get("version").intValue()).isEqualTo(1);
  }

  @Test
  void requestsWithoutAValidTokenAre401() {
    client.get().uri("/v1/me/characters").exchange().expectStatus().isUnauthorized();
    client
        .get()
        .uri("/v1/me/characters")
        .header("Authorization", "Bearer not.a.token")
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void aMinorCannotMakeACharacterPublic() {
    User kid = minor();
    JsonNode problem =
        problem(post(kid, "/v1/characters", "{\"name\":\"Mine\",\"visibility\":\"public\"}"), 403);
    assertThat(problem.get("type").stringValue()).endsWith("/minor-cannot-publish");
    assertThat(myCharacterCount(kid)).isZero();
    String id = create(kid, "Shared", "unlisted").get("id").stringValue();
    problem(post(kid, "/v1/characters/" + id + "/visibility", "{\"visibility\":\"public\"}"), 403);
    problem(
        put(kid, "/v1/characters/" + id, "{\"name\":\"Shared\",\"visibility\":\"public\"}"), 403);
    assertThat(ok(get(kid, "/v1/characters/" + id)).get("version").intValue()).isEqualTo(1);
  }

  @Test
  void publicGoesThroughReviewBeforeDiscovery() {
    User owner = adult();
    User other = adult();
    String tag = "t" + System.nanoTime();
    JsonNode created =
        create(owner, "{\"name\":\"Star\",\"tags\":[\"" + tag + "\"],\"visibility\":\"public\"}");
    String id = created.get("id").stringValue();
    assertThat(created.get("review_status").stringValue()).isEqualTo("pending");
    assertThat(ok(get(other, "/v1/characters?tag=" + tag)).get("items").size()).isZero();
    ok(get(other, "/v1/characters/" + id));

    problem(post(other, "/v1/characters/" + id + "/review", "{\"decision\":\"approve\"}"), 403);
    problem(get(other, "/v1/characters/review-queue"), 403);
    User moderator = moderator();
    List<String> queued = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          ok(
              get(
                  moderator,
                  "/v1/characters/review-queue?limit=100"
                      + (cursor == null ? "" : "&cursor=" + cursor)));
      page.get("items").forEach(item -> queued.add(item.get("id").stringValue()));
      cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").stringValue();
    } while (cursor != null);
    assertThat(queued).contains(id);
    problem(post(owner, "/v1/characters/" + id + "/review", "{\"decision\":\"approve\"}"), 403);
    problem(post(moderator(), "/v1/characters/" + id + "/review", "{\"decision\":\"maybe\"}"), 400);
    JsonNode approved =
        ok(post(moderator(), "/v1/characters/" + id + "/review", "{\"decision\":\"approve\"}"));
    assertThat(approved.get("review_status").stringValue()).isEqualTo("approved");
    assertThat(
            ok(get(other, "/v1/characters?tag=" + tag)).get("items").get(0).get("id").stringValue())
        .isEqualTo(id);
    problem(
        post(moderator(), "/v1/characters/" + id + "/review", "{\"decision\":\"reject\"}"), 409);

    // an edit goes back to review and leaves discovery until approved again
    ok(put(owner, "/v1/characters/" + id, "{\"name\":\"Star\",\"tags\":[\"" + tag + "\"]}"));
    assertThat(ok(get(owner, "/v1/characters/" + id)).get("review_status").stringValue())
        .isEqualTo("pending");
    assertThat(ok(get(other, "/v1/characters?tag=" + tag)).get("items").size()).isZero();
    JsonNode rejected =
        ok(
            post(
                moderator(),
                "/v1/characters/" + id + "/review",
                "{\"decision\":\"reject\",\"reason\":\"needs work\"}"));
    assertThat(rejected.get("review_status").stringValue()).isEqualTo("rejected");
    problem(get(other, "/v1/characters/" + id), 404);
    JsonNode stats = ok(get(owner, "/v1/characters/" + id + "/stats"));
    assertThat(stats.get("review_reason").stringValue()).isEqualTo("needs work");
    assertThat(stats.get("versions").intValue()).isEqualTo(2);
  }

  @Test
  void privateAndPublicAgainNeedsNoNewReviewWithoutAnEdit() {
    User owner = adult();
    String id =
        published(owner, "{\"name\":\"Again\",\"visibility\":\"public\"}").get("id").stringValue();
    ok(post(owner, "/v1/characters/" + id + "/visibility", "{\"visibility\":\"private\"}"));
    JsonNode back =
        ok(post(owner, "/v1/characters/" + id + "/visibility", "{\"visibility\":\"public\"}"));
    assertThat(back.get("review_status").stringValue()).isEqualTo("approved");
  }

  @Test
  void likesAndStats() {
    User owner = adult();
    User fan = adult();
    String id =
        published(owner, "{\"name\":\"Liked\",\"visibility\":\"public\"}").get("id").stringValue();
    JsonNode like =
        ok(
            client
                .put()
                .uri("/v1/characters/" + id + "/like")
                .headers(h -> h.setBearerAuth(fan.token()))
                .exchange());
    assertThat(like.get("liked").booleanValue()).isTrue();
    assertThat(like.get("like_count").longValue()).isEqualTo(1);
    like =
        ok(
            client
                .put()
                .uri("/v1/characters/" + id + "/like")
                .headers(h -> h.setBearerAuth(fan.token()))
                .exchange());
    assertThat(like.get("like_count").longValue()).isEqualTo(1);
    client
        .post()
        .uri("/v1/characters/" + id + "/chats")
        .headers(h -> h.setBearerAuth(fan.token()))
        .exchange()
        .expectStatus()
        .isNoContent();
    client
        .post()
        .uri("/v1/characters/" + id + "/chats")
        .headers(h -> h.setBearerAuth(fan.token()))
        .exchange()
        .expectStatus()
        .isNoContent();
    JsonNode stats = ok(get(owner, "/v1/characters/" + id + "/stats"));
    assertThat(stats.get("like_count").longValue()).isEqualTo(1);
    assertThat(stats.get("likes_last_week").longValue()).isEqualTo(1);
    assertThat(stats.get("chat_count").longValue()).isEqualTo(2);
    assertThat(stats.get("unique_chatters").longValue()).isEqualTo(1);
    assertThat(stats.get("trending_score").doubleValue()).isGreaterThan(3.9).isLessThan(4.01);
    problem(get(fan, "/v1/characters/" + id + "/stats"), 403);
    JsonNode unliked = ok(delete(fan, "/v1/characters/" + id + "/like"));
    assertThat(unliked.get("like_count").longValue()).isZero();
    assertThat(
            ok(get(owner, "/v1/characters/" + id + "/stats")).get("trending_score").doubleValue())
        .isGreaterThan(1.9)
        .isLessThan(2.01);
  }
}
