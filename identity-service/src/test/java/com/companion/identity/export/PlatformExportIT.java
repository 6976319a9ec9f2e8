package com.companion.identity.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.identity.support.IdentityClient;
import com.companion.identity.support.IdentityClient.Reply;
import com.companion.identity.support.IdentityIT;
import com.companion.identity.support.NeighbourStub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/me/export} with its neighbours answering: the stub plays character-service,
 * chat-service and safety-filter for each test's own user, so each test checks what the export asks
 * for, with which token, and what it makes of the answers. That the neighbours answer only the
 * caller's own data in the caller's product is their own tests' part (character-service's {@code
 * TenancyAndAccessIT}): the export's part is to ask with the caller's token, nothing else.
 */
class PlatformExportIT extends IdentityIT {

  private static final String PASSWORD = "amber river compass";

  private final String character = UUID.randomUUID().toString();
  private final List<String> liked =
      List.of(
          UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString());

  @Test
  void theExportHoldsTheLikedCharactersAndEveryVersionOfTheUsersOwnCharacters() {
    String token = signedIn();
    scriptNeighbours(token);

    Reply export = client.get("/v1/me/export", token);

    assertThat(export.status()).as(export.body()).isEqualTo(200);
    JsonNode document = export.json();
    assertThat(document.path("characters").get(0).path("id").asString()).isEqualTo(character);
    JsonNode versions = document.path("character_versions");
    assertThat(versions.size()).isEqualTo(1);
    assertThat(versions.get(0).path("character_id").asString()).isEqualTo(character);
    assertThat(numbers(versions.get(0).path("versions"), "version")).containsExactly("1", "2", "3");
    assertThat(numbers(versions.get(0).path("versions"), "description"))
        .containsExactly("as first written", "edited", "edited again");
    assertThat(numbers(document.path("likes"), "character_id")).containsExactlyElementsOf(liked);
    // every read went out with the caller's own token, the one that scopes it to their product
    assertThat(NeighbourStub.asked(token))
        .contains(
            "/v1/me/likes",
            "/v1/me/likes?cursor=likes-2",
            "/v1/characters/" + character + "/versions",
            "/v1/characters/" + character + "/versions?cursor=versions-2",
            "/v1/characters/" + character + "/versions/3");
  }

  @Test
  void theVersionCardsAreReadSideBySideAtMostABoundAtOnceAndKeepTheirOrder() {
    String token = signedIn();
    scriptNeighbours(token);
    // a second character with seven versions: ten cards in all, more than are read at once
    String second = UUID.randomUUID().toString();
    NeighbourStub.answer(
        token,
        "/v1/me/characters",
        "{\"items\": [{\"id\": \"%s\", \"version\": 3}, {\"id\": \"%s\", \"version\": 7}]}"
            .formatted(character, second));
    String path = "/v1/characters/" + second;
    NeighbourStub.answer(token, path, card(second, 7, "draft 7"));
    List<String> listed = new ArrayList<>();
    for (int version = 1; version <= 7; version++) {
      listed.add("{\"version\": %d}".formatted(version));
      NeighbourStub.answer(
          token, path + "/versions/" + version, card(second, version, "draft " + version));
    }
    NeighbourStub.answer(
        token, path + "/versions", "{\"items\": [" + String.join(", ", listed) + "]}");
    NeighbourStub.holdAnswers(
        token,
        asked -> asked.matches("/v1/characters/[^/]+/versions/\\d+"),
        Duration.ofMillis(150));

    Reply export = client.get("/v1/me/export", token);

    assertThat(export.status()).as(export.body()).isEqualTo(200);
    assertThat(NeighbourStub.mostHeldAtOnce(token))
        .isGreaterThan(1)
        .isLessThanOrEqualTo(PlatformExport.VERSION_READS_AT_ONCE);
    JsonNode versions = export.json().path("character_versions");
    assertThat(numbers(versions, "character_id")).containsExactly(character, second);
    assertThat(numbers(versions.get(0).path("versions"), "description"))
        .containsExactly("as first written", "edited", "edited again");
    assertThat(numbers(versions.get(1).path("versions"), "version"))
        .containsExactly("1", "2", "3", "4", "5", "6", "7");
    assertThat(numbers(versions.get(1).path("versions"), "description"))
        .containsExactly(
            "draft 1", "draft 2", "draft 3", "draft 4", "draft 5", "draft 6", "draft 7");
  }

  @Test
  void theSafetyPartFollowsItsPagesIntoOneDocument() {
    String token = signedIn();
    scriptNeighbours(token);
    NeighbourStub.answer(
        token,
        "/v1/me/safety-export",
        "{\"source\": \"safety-filter\", \"schema_version\": 1, \"product\": \"glow\","
            + " \"exported_at\": \"2026-11-30T12:00:00Z\","
            + " \"reports\": [{\"id\": \"report-1\"}, {\"id\": \"report-2\"}],"
            + " \"strikes\": [{\"reason\": \"strike-1\"}], \"sanctions\": [],"
            + " \"next_cursor\": \"safety-2\"}");
    NeighbourStub.answer(
        token,
        "/v1/me/safety-export?cursor=safety-2",
        "{\"source\": \"safety-filter\", \"schema_version\": 1, \"product\": \"glow\","
            + " \"exported_at\": \"2026-11-30T12:00:00Z\", \"reports\": [],"
            + " \"strikes\": [{\"reason\": \"strike-2\"}],"
            + " \"sanctions\": [{\"reason\": \"warning-1\"}]}");

    Reply export = client.get("/v1/me/export", token);

    assertThat(export.status()).as(export.body()).isEqualTo(200);
    JsonNode safety = export.json().path("safety");
    assertThat(safety.path("source").asString()).isEqualTo("safety-filter");
    assertThat(safety.path("product").asString()).isEqualTo("glow");
    assertThat(numbers(safety.path("reports"), "id")).containsExactly("report-1", "report-2");
    assertThat(numbers(safety.path("strikes"), "reason")).containsExactly("strike-1", "strike-2");
    assertThat(numbers(safety.path("sanctions"), "reason")).containsExactly("warning-1");
    assertThat(safety.has("next_cursor")).isFalse();
  }

  @Test
  void aFailingSafetyPageFailsTheWholeExport() {
    String token = signedIn();
    scriptNeighbours(token);
    NeighbourStub.answer(
        token,
        "/v1/me/safety-export",
        "{\"source\": \"safety-filter\", \"reports\": [], \"strikes\": [],"
            + " \"sanctions\": [], \"next_cursor\": \"safety-2\"}");
    NeighbourStub.fail(token, "/v1/me/safety-export?cursor=safety-2", 500);

    assertUnavailableWithoutData(client.get("/v1/me/export", token), "safety-filter");
  }

  @Test
  void aFailingLikesListFailsTheWholeExport() {
    String token = signedIn();
    scriptNeighbours(token);
    NeighbourStub.fail(token, "/v1/me/likes?cursor=likes-2", 500);

    assertUnavailableWithoutData(client.get("/v1/me/export", token), "character-service");
  }

  @Test
  void aFailingVersionReadFailsTheWholeExport() {
    String token = signedIn();
    scriptNeighbours(token);
    NeighbourStub.fail(token, "/v1/characters/" + character + "/versions/2", 503);

    assertUnavailableWithoutData(client.get("/v1/me/export", token), "character-service");
  }

  private String signedIn() {
    String name = IdentityClient.uniqueName("export");
    assertThat(client.signUp(name, PASSWORD, "1990-03-03", null).status()).isEqualTo(201);
    return app.signIn(name, PASSWORD).accessToken();
  }

  /**
   * One own character with three versions (the history in two pages), three likes (two pages), no
   * personas, conversations, reports or sanctions.
   */
  private void scriptNeighbours(String token) {
    String path = "/v1/characters/" + character;
    NeighbourStub.answer(
        token,
        "/v1/me/characters",
        "{\"items\": [{\"id\": \"" + character + "\", \"version\": 3}], \"next_cursor\": null}");
    NeighbourStub.answer(token, path, card(3, "edited again"));
    NeighbourStub.answer(
        token,
        path + "/versions",
        "{\"items\": [{\"version\": 1, \"created_at\": \"2026-11-01T10:00:00Z\"},"
            + " {\"version\": 2, \"created_at\": \"2026-11-02T10:00:00Z\"}],"
            + " \"next_cursor\": \"versions-2\"}");
    NeighbourStub.answer(
        token,
        path + "/versions?cursor=versions-2",
        "{\"items\": [{\"version\": 3, \"created_at\": \"2026-11-03T10:00:00Z\"}],"
            + " \"next_cursor\": null}");
    NeighbourStub.answer(token, path + "/versions/1", card(1, "as first written"));
    NeighbourStub.answer(token, path + "/versions/2", card(2, "edited"));
    NeighbourStub.answer(token, path + "/versions/3", card(3, "edited again"));
    NeighbourStub.answer(
        token,
        "/v1/me/likes",
        "{\"items\": ["
            + like(liked.get(0))
            + ", "
            + like(liked.get(1))
            + "], \"next_cursor\": \"likes-2\"}");
    NeighbourStub.answer(
        token,
        "/v1/me/likes?cursor=likes-2",
        "{\"items\": [" + like(liked.get(2)) + "], \"next_cursor\": null}");
    NeighbourStub.answer(token, "/v1/personas", "{\"items\": [], \"next_cursor\": null}");
    NeighbourStub.answer(token, "/v1/conversations", "{\"items\": [], \"next_cursor\": null}");
    NeighbourStub.answer(
        token,
        "/v1/me/safety-export",
        "{\"source\": \"safety-filter\", \"reports\": [], \"strikes\": [], \"sanctions\": []}");
  }

  private String card(int version, String description) {
    return card(character, version, description);
  }

  private static String card(String id, int version, String description) {
    return "{\"id\": \"%s\", \"version\": %d, \"name\": \"Lighthouse keeper\", \"description\": \"%s\"}"
        .formatted(id, version, description);
  }

  private static String like(String characterId) {
    return "{\"character_id\": \"%s\", \"name\": \"Liked\", \"liked_at\": \"2026-11-05T10:00:00Z\"}"
        .formatted(characterId);
  }

  private static List<String> numbers(JsonNode items, String field) {
    List<String> values = new ArrayList<>();
    items.forEach(item -> values.add(item.path(field).asString()));
    return values;
  }

  private void assertUnavailableWithoutData(Reply export, String service) {
    assertThat(export.status()).isEqualTo(503);
    assertThat(export.contentType()).startsWith("application/problem+json");
    assertThat(export.json().path("type").asString()).endsWith("/dependency-unavailable");
    assertThat(export.json().path("service").asString()).isEqualTo(service);
    assertThat(export.raw().headers().firstValue("Retry-After")).hasValue("5");
    assertThat(export.body()).doesNotContain(character).doesNotContain("Lighthouse");
  }
}
