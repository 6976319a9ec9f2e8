package com.companion.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.platform.web.PageCursor;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Products are tenants of the key admin API: glow's admin neither creates, sees nor revokes
 * talkie's keys, and another product's key answers as an unknown one.
 */
class AdminApiKeysTenancyIT extends GatewayTestSupport {

  final String glowAdmin = adminToken("glow");
  final String talkieAdmin = adminToken("talkie");
  FakeNode node;
  String alias;

  @BeforeEach
  void deployNode() {
    node = startNode();
    alias = deployFresh(node);
  }

  @Test
  void anAdminCannotCreateAKeyForAnotherProduct() {
    String name = "glow's attempt " + UUID.randomUUID();
    HttpResponse<String> refused =
        send(
            "POST",
            "/v1/admin/api-keys",
            glowAdmin,
            "{\"name\":\"" + name + "\",\"product\":\"talkie\"}");

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(refused.headers().firstValue("content-type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode problem = json(refused.body());
    assertThat(problem.path("field").asString()).isEqualTo("product");
    assertThat(problem.path("detail").asString()).contains("own product").contains("talkie");
    assertThat(listAll(talkieAdmin))
        .extracting(key -> key.path("name").asString())
        .doesNotContain(name);
  }

  @Test
  void aKeyWithoutAProductServesTheAdminsOwnProduct() {
    JsonNode created = createKey(glowAdmin, "{\"name\":\"no product named\"}");

    assertThat(created.path("product").asString()).isEqualTo("glow");
    assertThat(
            send(
                    "POST",
                    "/v1/chat/completions",
                    created.path("key").asString(),
                    chatBody(alias, false))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void anAdminListsOnlyTheirOwnProductsKeys() {
    String talkieKeyId =
        createKey(talkieAdmin, "{\"name\":\"talkie's key\",\"product\":\"talkie\"}")
            .path("id")
            .asString();
    String glowKeyId =
        createKey(glowAdmin, "{\"name\":\"glow's key\",\"product\":\"glow\"}")
            .path("id")
            .asString();

    List<JsonNode> seenByGlow = listAll(glowAdmin);
    assertThat(seenByGlow).extracting(key -> key.path("id").asString()).contains(glowKeyId);
    assertThat(seenByGlow).extracting(key -> key.path("id").asString()).doesNotContain(talkieKeyId);
    assertThat(seenByGlow).extracting(key -> key.path("product").asString()).containsOnly("glow");
    assertThat(listAll(talkieAdmin))
        .extracting(key -> key.path("id").asString())
        .contains(talkieKeyId)
        .doesNotContain(glowKeyId);
  }

  @Test
  void anotherProductsKeyCannotBeRevokedAndAnswersAsAnUnknownOne() {
    JsonNode talkieKey =
        createKey(talkieAdmin, "{\"name\":\"talkie's key\",\"product\":\"talkie\"}");
    String id = talkieKey.path("id").asString();

    HttpResponse<String> refused = send("DELETE", "/v1/admin/api-keys/" + id, glowAdmin, null);
    HttpResponse<String> unknown =
        send("DELETE", "/v1/admin/api-keys/" + UUID.randomUUID(), glowAdmin, null);

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(404);
    assertThat(refused.headers().firstValue("content-type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(json(refused.body()).path("type").asString())
        .isEqualTo(json(unknown.body()).path("type").asString());
    // the key still works, and is still talkie's to revoke
    assertThat(
            send(
                    "POST",
                    "/v1/chat/completions",
                    talkieKey.path("key").asString(),
                    chatBody(alias, false))
                .statusCode())
        .isEqualTo(200);
    assertThat(listAll(talkieAdmin))
        .filteredOn(key -> key.path("id").asString().equals(id))
        .singleElement()
        .satisfies(key -> assertThat(key.hasNonNull("revoked_at")).isFalse());
    assertThat(send("DELETE", "/v1/admin/api-keys/" + id, talkieAdmin, null).statusCode())
        .isEqualTo(204);
  }

  @Test
  void theListingPagesWithItsCursorAndRefusesOneThatIsNotOurs() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      created.add(createKey(glowAdmin, "{\"name\":\"paged " + i + "\"}").path("id").asString());
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      HttpResponse<String> page =
          send(
              "GET",
              "/v1/admin/api-keys?limit=1" + (cursor == null ? "" : "&cursor=" + cursor),
              glowAdmin,
              null);
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      JsonNode body = json(page.body());
      assertThat(body.path("items").size()).isLessThanOrEqualTo(1);
      body.path("items").forEach(key -> seen.add(key.path("id").asString()));
      cursor = body.hasNonNull("next_cursor") ? body.path("next_cursor").asString() : null;
    } while (cursor != null);
    assertThat(seen).containsAll(created).doesNotHaveDuplicates();

    for (String bad :
        List.of(
            "not-a-cursor",
            "AAAA",
            PageCursor.of("api-keys", "yesterday", UUID.randomUUID()).encode(),
            PageCursor.of("api-keys", Instant.EPOCH, "not-a-uuid").encode(),
            PageCursor.of("queue", 0).encode())) {
      HttpResponse<String> refused =
          send("GET", "/v1/admin/api-keys?cursor=" + bad, glowAdmin, null);
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(refused.headers().firstValue("content-type").orElse(""))
          .startsWith("application/problem+json");
      assertThat(json(refused.body()).path("field").asString()).isEqualTo("cursor");
    }
  }

  JsonNode createKey(String admin, String body) {
    HttpResponse<String> created = send("POST", "/v1/admin/api-keys", admin, body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json(created.body());
  }

  /** Every key the admin's listing shows, page by page. */
  List<JsonNode> listAll(String admin) {
    List<JsonNode> keys = new ArrayList<>();
    String cursor = null;
    do {
      HttpResponse<String> page =
          send(
              "GET",
              "/v1/admin/api-keys?limit=200" + (cursor == null ? "" : "&cursor=" + cursor),
              admin,
              null);
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      JsonNode body = json(page.body());
      body.path("items").forEach(keys::add);
      cursor = body.hasNonNull("next_cursor") ? body.path("next_cursor").asString() : null;
    } while (cursor != null);
    return keys;
  }
}
