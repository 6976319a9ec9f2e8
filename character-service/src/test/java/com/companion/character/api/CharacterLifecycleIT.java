package com.companion.character.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.testkit.Infra;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CharacterLifecycleIT extends ApiTestBase {

  private static final String FULL_CARD =
      """
      {"name":"Ada","nickname":"Countess","description":"A mathematician.",
       "personality":"precise","scenario":"London, 1843.","first_mes":"Shall we compute?",
       "mes_example":"<START>","creator_notes":"n","system_prompt":"sp",
       "post_history_instructions":"phi","alternate_greetings":["g1"],
       "group_only_greetings":["g2"],"tags":["history","math"],"creator":"me",
       "character_version":"1","extensions":{"talkativeness":0.8,"z":{"k":[1,2.50]}},
       "character_book":{"name":"b","description":"bd","scan_depth":4,"token_budget":100,
         "recursive_scanning":true,"extensions":{},"entries":[{"keys":["engine"],
         "secondary_keys":[],"content":"The Analytical Engine.","selective":false,
         "constant":true,"insertion_order":1,"priority":2,"position":"before_char",
         "case_sensitive":true,"use_regex":false,"enabled":true,"comment":"c","id":7,
         "extensions":{"x":1}}]},
       "visibility":"private","id":"ignored","owner_id":"someone-else","version":99}
      """;

  @Test
  void answersTheReadContractShape() {
    User owner = adult();
    JsonNode created = create(owner, FULL_CARD);
    assertThat(created.get("version").intValue()).isEqualTo(1);
    assertThat(created.get("owner_id").stringValue()).isEqualTo(owner.id());
    assertThat(created.get("id").stringValue()).isNotEqualTo("ignored");
    JsonNode read = ok(get(owner, "/v1/characters/" + created.get("id").stringValue()));
    assertThat(read.propertyNames())
        .containsExactly(
            "id",
            "version",
            "owner_id",
            "visibility",
            "review_status",
            "content_rating",
            "name",
            "nickname",
            "description",
            "personality",
            "scenario",
            "first_mes",
            "mes_example",
            "creator_notes",
            "system_prompt",
            "post_history_instructions",
            "alternate_greetings",
            "group_only_greetings",
            "tags",
            "creator",
            "character_version",
            "extensions",
            "character_book",
            "avatar_url",
            "like_count",
            "created_at",
            "updated_at");
    assertThat(read.get("character_book").propertyNames())
        .containsExactly(
            "name",
            "description",
            "scan_depth",
            "token_budget",
            "recursive_scanning",
            "extensions",
            "entries");
    assertThat(read.get("character_book").get("entries").get(0).propertyNames())
        .containsExactly(
            "keys",
            "secondary_keys",
            "content",
            "selective",
            "constant",
            "insertion_order",
            "priority",
            "position",
            "case_sensitive",
            "use_regex",
            "enabled",
            "comment",
            "id",
            "extensions");
    assertThat(read.get("extensions").toString())
        .isEqualTo("{\"talkativeness\":0.8,\"z\":{\"k\":[1,2.50]}}");
    assertThat(read.get("visibility").stringValue()).isEqualTo("private");
    assertThat(read.get("review_status").stringValue()).isEqualTo("none");
    assertThat(read.get("avatar_url").isNull()).isTrue();
    assertThat(read).isEqualTo(created);
  }

  @Test
  void everyUpdateIsANewVersionAndOldVersionsStayPinned() {
    User owner = adult();
    String id = create(owner, "Ver", "private").get("id").stringValue();
    JsonNode v2 =
        ok(put(owner, "/v1/characters/" + id, "{\"name\":\"Ver\",\"description\":\"second\"}"));
    assertThat(v2.get("version").intValue()).isEqualTo(2);
    ok(put(owner, "/v1/characters/" + id, "{\"name\":\"Ver\",\"description\":\"third\"}"));
    assertThat(ok(get(owner, "/v1/characters/" + id)).get("description").stringValue())
        .isEqualTo("third");
    JsonNode pinned = ok(get(owner, "/v1/characters/" + id + "/versions/1"));
    assertThat(pinned.get("version").intValue()).isEqualTo(1);
    assertThat(pinned.get("description").stringValue()).isEqualTo("d");
    assertThat(
            ok(get(owner, "/v1/characters/" + id + "/versions/2")).get("description").stringValue())
        .isEqualTo("second");
    problem(get(owner, "/v1/characters/" + id + "/versions/4"), 404);
    problem(get(owner, "/v1/characters/" + id + "/versions/abc"), 404);
  }

  @Test
  void theOwnerListsEveryVersionOldestFirstAndOnlyTheOwner() {
    User owner = adult();
    String id = create(owner, "History", "unlisted").get("id").stringValue();
    ok(put(owner, "/v1/characters/" + id, "{\"name\":\"History\",\"description\":\"second\"}"));
    ok(put(owner, "/v1/characters/" + id, "{\"name\":\"History\",\"description\":\"third\"}"));

    List<Integer> versions = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          ok(
              get(
                  owner,
                  "/v1/characters/"
                      + id
                      + "/versions?limit=2"
                      + (cursor == null ? "" : "&cursor=" + cursor)));
      for (JsonNode item : page.get("items")) {
        versions.add(item.get("version").intValue());
        assertThat(item.get("created_at").stringValue()).isNotBlank();
        assertThat(item.has("description")).isFalse();
      }
      cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").stringValue();
    } while (cursor != null);
    assertThat(versions).containsExactly(1, 2, 3);

    // a reader may open the character (unlisted) and a version, but the history is the owner's
    User reader = adult();
    ok(get(reader, "/v1/characters/" + id + "/versions/1"));
    problem(get(reader, "/v1/characters/" + id + "/versions"), 403);
    String secret = create(owner, "Secret history", "private").get("id").stringValue();
    problem(get(reader, "/v1/characters/" + secret + "/versions"), 404);
    // a cursor of one character's history does not page through another's
    String first =
        ok(get(owner, "/v1/characters/" + id + "/versions?limit=1"))
            .get("next_cursor")
            .stringValue();
    problem(get(owner, "/v1/characters/" + secret + "/versions?cursor=" + first), 400);
  }

  @Test
  void myLikesAreListedNewestFirstInPagesAndOnlyMine() {
    User creator = adult();
    User fan = adult();
    String first = create(creator, "Liked first", "unlisted").get("id").stringValue();
    String unliked = create(creator, "Liked then unliked", "unlisted").get("id").stringValue();
    String last = create(creator, "Liked last", "unlisted").get("id").stringValue();
    like(fan, first);
    like(fan, unliked);
    like(fan, last);
    ok(delete(fan, "/v1/characters/" + unliked + "/like"));
    like(fan, first); // idempotent: keeps its place
    like(adult(), unliked); // someone else's like

    List<String> liked = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          ok(get(fan, "/v1/me/likes?limit=1" + (cursor == null ? "" : "&cursor=" + cursor)));
      page.get("items").forEach(item -> liked.add(item.get("character_id").stringValue()));
      cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").stringValue();
    } while (cursor != null);
    assertThat(liked).containsExactly(last, first);

    // a character its owner has hidden since stays liked, without its (now private) name
    ok(post(creator, "/v1/characters/" + last + "/visibility", "{\"visibility\":\"private\"}"));
    JsonNode items = ok(get(fan, "/v1/me/likes")).get("items");
    assertThat(items.get(0).get("character_id").stringValue()).isEqualTo(last);
    assertThat(items.get(0).get("name").isNull()).isTrue();
    assertThat(items.get(1).get("name").stringValue()).isEqualTo("Liked first");
    assertThat(items.get(1).get("liked_at").stringValue()).isNotBlank();
    assertThat(ok(get(creator, "/v1/me/likes")).get("items").size()).isZero();
    problem(get(fan, "/v1/me/likes?cursor=garbage"), 400);
  }

  @Test
  void ifMatchGuardsAgainstLostUpdates() {
    User owner = adult();
    String id = create(owner, "Guarded", "private").get("id").stringValue();
    client
        .put()
        .uri("/v1/characters/" + id)
        .headers(h -> h.setBearerAuth(owner.token()))
        .header("If-Match", "\"1\"")
        .header("Content-Type", "application/json")
        .bodyValue("{\"name\":\"Guarded\"}")
        .exchange()
        .expectStatus()
        .isOk();
    JsonNode problem =
        problem(
            client
                .put()
                .uri("/v1/characters/" + id)
                .headers(h -> h.setBearerAuth(owner.token()))
                .header("If-Match", "\"1\"")
                .header("Content-Type", "application/json")
                .bodyValue("{\"name\":\"Stale\"}")
                .exchange(),
            412);
    assertThat(problem.get("version").intValue()).isEqualTo(2);
  }

  @Test
  void listsMineWithCursorPagination() {
    User owner = adult();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(
          create(owner, "Mine " + i, i % 2 == 0 ? "private" : "unlisted").get("id").stringValue());
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          ok(get(owner, "/v1/me/characters?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)));
      page.get("items").forEach(item -> seen.add(item.get("id").stringValue()));
      cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").stringValue();
    } while (cursor != null);
    assertThat(seen).containsExactlyElementsOf(ids.reversed());
    problem(get(owner, "/v1/me/characters?cursor=garbage"), 400);
    problem(get(owner, "/v1/me/characters?limit=1000"), 400);
  }

  @Test
  void everyChangeIsAnEventOnKafkaInOrder() {
    User owner = adult();
    User fan = adult();
    String id = create(owner, "Eventful", "private").get("id").stringValue();
    ok(put(owner, "/v1/characters/" + id, "{\"name\":\"Eventful\",\"description\":\"v2\"}"));
    ok(post(owner, "/v1/characters/" + id + "/visibility", "{\"visibility\":\"public\"}"));
    ok(post(moderator(), "/v1/characters/" + id + "/review", "{\"decision\":\"approve\"}"));
    ok(
        client
            .put()
            .uri("/v1/characters/" + id + "/like")
            .headers(h -> h.setBearerAuth(fan.token()))
            .exchange());
    ok(delete(fan, "/v1/characters/" + id + "/like"));
    delete(owner, "/v1/characters/" + id).expectStatus().isNoContent();
    problem(get(owner, "/v1/characters/" + id), 404);

    List<JsonNode> events = readEvents(id, 8);
    assertThat(events)
        .extracting(e -> e.get("type").stringValue())
        .containsExactly(
            "character.created",
            "character.updated",
            "character.updated",
            "character.review_requested",
            "character.published",
            "character.liked",
            "character.unliked",
            "character.deleted");
    JsonNode created = events.get(0);
    assertThat(created.get("specversion").stringValue()).isEqualTo("1.0");
    assertThat(created.get("source").stringValue()).isEqualTo("/character-service");
    assertThat(created.get("subject").stringValue()).isEqualTo("characters/" + id);
    assertThat(created.get("product").stringValue()).isEqualTo("glow");
    assertThat(created.get("userid").stringValue()).startsWith("u_").doesNotContain(owner.id());
    JsonNode data = created.get("data");
    assertThat(data.get("character_id").stringValue()).isEqualTo(id);
    assertThat(data.get("action").stringValue()).isEqualTo("created");
    assertThat(data.get("version").intValue()).isEqualTo(1);
    assertThat(data.get("visibility").stringValue()).isEqualTo("private");
    assertThat(data.get("schema_version").intValue()).isEqualTo(1);
    JsonNode review = events.get(3).get("data");
    assertThat(review.get("version").intValue()).isEqualTo(2);
    assertThat(review.get("text").stringValue()).contains("description: v2");
    assertThat(review.get("truncated").booleanValue()).isFalse();
    assertThat(events.get(4).get("data").get("review_status").stringValue()).isEqualTo("approved");
    assertThat(events.stream().map(e -> e.get("id").stringValue()).distinct()).hasSize(8);
  }

  /** Reads the events keyed by this character with a plain consumer, from the earliest offset. */
  static List<JsonNode> readEvents(String characterId, int expected) {
    Properties config = new Properties();
    config.putAll(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.kafkaBootstrap(),
            ConsumerConfig.GROUP_ID_CONFIG, "character-test-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
    List<JsonNode> events = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of("character.lifecycle"));
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      while (events.size() < expected && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          if (characterId.equals(record.key())) {
            events.add(JSON.readTree(record.value()));
          }
        }
      }
    }
    return events;
  }
}
