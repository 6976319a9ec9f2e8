package com.companion.character.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.character.TestCards;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class PersonaIT extends ApiTestBase {

  @Test
  void personasBelongToTheirUser() {
    User user = adult();
    User other = adult();
    JsonNode created =
        parse(
            post(
                    user,
                    "/v1/personas",
                    "{\"name\":\"Traveller\",\"description\":\"A quiet wanderer.\"}")
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseBody());
    String id = created.get("id").stringValue();
    assertThat(created.get("avatar_url").isNull()).isTrue();
    assertThat(ok(get(user, "/v1/personas/" + id)).get("description").stringValue())
        .isEqualTo("A quiet wanderer.");
    problem(get(other, "/v1/personas/" + id), 404);
    problem(put(other, "/v1/personas/" + id, "{\"name\":\"Stolen\"}"), 404);
    problem(delete(other, "/v1/personas/" + id), 404);

    JsonNode updated =
        ok(put(user, "/v1/personas/" + id, "{\"name\":\"Wanderer\",\"description\":\"\"}"));
    assertThat(updated.get("name").stringValue()).isEqualTo("Wanderer");

    ok(
        client
            .put()
            .uri("/v1/personas/" + id + "/avatar")
            .headers(h -> h.setBearerAuth(user.token()))
            .contentType(MediaType.IMAGE_PNG)
            .bodyValue(TestCards.png(Map.of()))
            .exchange());
    String avatarUrl = ok(get(user, "/v1/personas/" + id)).get("avatar_url").stringValue();
    get(user, avatarUrl).expectStatus().isOk().expectHeader().contentType(MediaType.IMAGE_PNG);
    problem(get(other, avatarUrl), 404);

    post(user, "/v1/personas", "{\"name\":\"Second\"}").expectStatus().isCreated();
    JsonNode page = ok(get(user, "/v1/personas?limit=1"));
    assertThat(page.get("items").get(0).get("name").stringValue()).isEqualTo("Second");
    JsonNode next =
        ok(get(user, "/v1/personas?limit=1&cursor=" + page.get("next_cursor").stringValue()));
    assertThat(next.get("items").get(0).get("name").stringValue()).isEqualTo("Wanderer");
    assertThat(next.get("next_cursor").isNull()).isTrue();
    assertThat(ok(get(other, "/v1/personas")).get("items").size()).isZero();

    delete(user, "/v1/personas/" + id).expectStatus().isNoContent();
    problem(get(user, "/v1/personas/" + id), 404);
  }

  @Test
  void badPersonasAreRejected() {
    User user = adult();
    problem(post(user, "/v1/personas", "{\"description\":\"no name\"}"), 400);
    problem(post(user, "/v1/personas", "{\"name\":\"" + "n".repeat(129) + "\"}"), 422);
    problem(
        post(
            user,
            "/v1/personas",
            "{\"name\":\"a\",\"description\":\"" + "d".repeat(32_001) + "\"}"),
        422);
    problem(post(user, "/v1/personas", "{\"name\":7}"), 400);
    problem(get(user, "/v1/personas/not-a-uuid"), 404);
    assertThat(ok(get(user, "/v1/personas")).get("items").size()).isZero();
  }
}
