package com.companion.character.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DiscoveryIT extends ApiTestBase {

  /** Searches within one test's tag; the query value is encoded by the URI builder. */
  private List<String> search(User user, String query, String tag) {
    List<String> names = new ArrayList<>();
    byte[] body =
        client
            .get()
            .uri(
                b ->
                    b.path("/v1/characters")
                        .queryParam("q", "{q}")
                        .queryParam("tag", tag)
                        .build(query))
            .headers(h -> h.setBearerAuth(user.token()))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    parse(body).get("items").forEach(i -> names.add(i.get("name").stringValue()));
    return names;
  }

  private List<String> names(User user, String query) {
    List<String> names = new ArrayList<>();
    ok(get(user, "/v1/characters?" + query))
        .get("items")
        .forEach(i -> names.add(i.get("name").stringValue()));
    return names;
  }

  private String card(String name, String tag, String description) {
    return "{\"name\":\""
        + name
        + "\",\"tags\":[\""
        + tag
        + "\"],\"description\":\""
        + description
        + "\",\"visibility\":\"public\"}";
  }

  @Test
  void searchesChineseAndEnglishText() {
    User creator = adult();
    User reader = adult();
    String tag = "t" + System.nanoTime();
    published(creator, card("霓虹侦探", tag, "赛博朋克城市里的私家侦探，擅长推理。"));
    published(creator, card("Captain Morrow", tag, "A Space Pirate with a soft heart."));
    published(creator, card("Quiet Librarian", tag, "Keeps the archive of the old city."));
    create(creator, card("Unapproved Pirate", tag, "space pirate too"));

    assertThat(search(reader, "朋克侦探", tag)).containsExactly("霓虹侦探");
    assertThat(search(reader, "侦探", tag)).containsExactly("霓虹侦探");
    assertThat(search(reader, "推理", tag)).containsExactly("霓虹侦探");
    assertThat(search(reader, "探", tag)).containsExactly("霓虹侦探");
    assertThat(search(reader, "私家侦探", tag)).containsExactly("霓虹侦探");
    assertThat(search(reader, "城市 侦探", tag)).containsExactly("霓虹侦探");
    assertThat(search(reader, "侦探小说", tag)).isEmpty();
    assertThat(search(reader, "space pirate", tag)).containsExactly("Captain Morrow");
    assertThat(search(reader, "PIRATE", tag)).containsExactly("Captain Morrow");
    // full-width Latin letters, as Chinese keyboards type them, match too
    assertThat(search(reader, "ＰＩＲＡＴＥ", tag)).containsExactly("Captain Morrow");
    assertThat(search(reader, "librarian city", tag)).containsExactly("Quiet Librarian");
    assertThat(search(reader, "morrow librarian", tag)).isEmpty();
    assertThat(search(reader, "100%_", tag)).isEmpty();
    assertThat(names(reader, "tag=" + tag.toUpperCase())).hasSize(3);
  }

  @Test
  void sortsAndPagesWithCursors() {
    User creator = adult();
    String tag = "t" + System.nanoTime();
    List<String> ids = new ArrayList<>();
    for (String name : List.of("First", "Second", "Third")) {
      ids.add(published(creator, card(name, tag, "d")).get("id").stringValue());
    }
    // Second gets two likes, Third one
    for (int i = 0; i < 2; i++) {
      User fan = adult();
      ok(
          client
              .put()
              .uri("/v1/characters/" + ids.get(1) + "/like")
              .headers(h -> h.setBearerAuth(fan.token()))
              .exchange());
    }
    User fan = adult();
    ok(
        client
            .put()
            .uri("/v1/characters/" + ids.get(2) + "/like")
            .headers(h -> h.setBearerAuth(fan.token()))
            .exchange());
    // First gets three chat starts from different users
    for (int i = 0; i < 3; i++) {
      User chatter = adult();
      client
          .post()
          .uri("/v1/characters/" + ids.get(0) + "/chats")
          .headers(h -> h.setBearerAuth(chatter.token()))
          .exchange()
          .expectStatus()
          .isNoContent();
    }

    assertThat(names(fan, "tag=" + tag + "&sort=newest"))
        .containsExactly("Third", "Second", "First");
    assertThat(names(fan, "tag=" + tag + "&sort=most_liked"))
        .containsExactly("Second", "Third", "First");
    // trending: First 1+3 chats = 4, Second 1+2·2 = 5, Third 1+2 = 3
    assertThat(names(fan, "tag=" + tag + "&sort=trending"))
        .containsExactly("Second", "First", "Third");
    assertThat(names(fan, "tag=" + tag)).containsExactly("Second", "First", "Third");

    for (String sort : List.of("newest", "most_liked", "trending")) {
      List<String> paged = new ArrayList<>();
      String cursor = null;
      do {
        JsonNode page =
            ok(
                get(
                    fan,
                    "/v1/characters?limit=1&tag="
                        + tag
                        + "&sort="
                        + sort
                        + (cursor == null ? "" : "&cursor=" + cursor)));
        page.get("items").forEach(i -> paged.add(i.get("name").stringValue()));
        cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").stringValue();
      } while (cursor != null);
      assertThat(paged)
          .as(sort)
          .containsExactlyElementsOf(names(fan, "tag=" + tag + "&sort=" + sort));
    }
    JsonNode first = ok(get(fan, "/v1/characters?limit=1&tag=" + tag + "&sort=newest"));
    problem(
        get(fan, "/v1/characters?sort=most_liked&cursor=" + first.get("next_cursor").stringValue()),
        400);
    problem(get(fan, "/v1/characters?sort=random"), 400);
    problem(get(fan, "/v1/characters?q=" + "x".repeat(101)), 400);
  }
}
