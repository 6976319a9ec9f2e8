package com.companion.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.contracts.events.AccountDeleted;
import com.companion.testkit.AccountDeletedEvent;
import com.companion.testkit.AccountDeletionRecords;
import com.companion.testkit.Infra;
import com.companion.testkit.SchemaScan;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * {@code account.deleted} published to {@code account.lifecycle} on the real broker, consumed by
 * the gateway's own consumer: the API keys the account created stop working at once and stay only
 * as revoked rows under a tombstone, its canary decisions keep their record without its id, its
 * quota counters leave Redis, nobody else's keys change, and a redelivery changes nothing.
 */
class AccountDeletionIT extends GatewayTestSupport {

  private final JdbcTemplate jdbc = new JdbcTemplate(Infra.dataSource());
  private final AccountDeletionRecords deletions =
      new AccountDeletionRecords(Infra.dataSource(), "gateway");

  @Autowired ReactiveStringRedisTemplate redis;

  private FakeNode node;
  private String alias;

  @BeforeEach
  void deployAlias() {
    node = startNode();
    alias = deployFresh(node, node);
  }

  @Test
  void aDeletedAccountLeavesNoTraceInTheGatewaySchemaAndItsKeysStopWorking() {
    String adminId = "admin-" + UUID.randomUUID();
    String admin = admin(adminId);
    String pseudonym = "u_" + UUID.randomUUID().toString().replace("-", "");
    String tombstone = AccountDeleted.tombstone(pseudonym);
    String usedKey = createKey(admin, "integration").path("key").asString();
    String unusedKeyId = createKey(admin, "spare").path("id").asString();
    String othersKey = createKey(adminToken(), "someone else's").path("key").asString();
    // verified once, so this replica holds it in its cache
    assertThat(complete(usedKey).statusCode()).isEqualTo(200);
    assertThat(
            send(
                    "POST",
                    "/v1/admin/models/" + alias + "/canary",
                    admin,
                    "{\"version\":\"v2\",\"weight\":0.2}")
                .statusCode())
        .isEqualTo(200);
    assertThat(send("DELETE", "/v1/admin/models/" + alias + "/canary", admin, null).statusCode())
        .isEqualTo(200);
    // the account also chats as a user: its quota counters are keyed by its id
    assertThat(complete(userToken(adminId)).statusCode()).isEqualTo(200);
    String counter =
        "gateway:quota:{user:" + adminId + "}:" + clock.millis() / 60_000 + ":requests";
    assertThat(redis.hasKey(counter).block()).isTrue();
    relayOutbox(adminId);
    assertThat(rowsHolding(adminId)).containsKeys("api_keys.created_by", "canary_decisions.actor");

    AccountDeletedEvent event = AccountDeletedEvent.of(adminId, "glow", pseudonym);
    event.publish(adminId);
    deletions.awaitDone(adminId);

    assertThat(rowsHolding(adminId)).isEmpty();
    HttpResponse<String> refused = complete(usedKey);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(json(refused.body()).path("error").path("code").asString())
        .isEqualTo("invalid_api_key");
    assertThat(complete(othersKey).statusCode()).isEqualTo(200);
    assertThat(redis.hasKey(counter).block()).isFalse();
    // the rows stay as revoked keys by the tombstone
    assertThat(
            jdbc.queryForObject(
                "select created_by from gateway.api_keys where id = ?::uuid and revoked_at is not"
                    + " null",
                String.class,
                unusedKeyId))
        .isEqualTo(tombstone);
    JsonNode decisions =
        json(send("GET", "/v1/admin/models/" + alias + "/decisions", adminToken(), null).body());
    assertThat(decisions.path("items").findValuesAsString("actor"))
        .containsExactly(tombstone, tombstone);
    assertThat(deletions.eventId(adminId)).isEqualTo(event.id());
  }

  @Test
  void aRedeliveredEventIsANoOp() {
    String adminId = "admin-" + UUID.randomUUID();
    String admin = admin(adminId);
    String before = createKey(admin, "first").path("key").asString();
    AccountDeletedEvent event = AccountDeletedEvent.of(adminId, "glow", null);
    event.publish(adminId);
    deletions.awaitDone(adminId);
    Instant doneAt = deletions.doneAt(adminId);
    assertThat(complete(before).statusCode()).isEqualTo(401);

    // the admin creates a key again (a token outlives the account by up to 15 minutes), then the
    // same event arrives a second time: it is recognised by its id and revokes nothing more
    String again = createKey(admin, "second").path("key").asString();
    event.publish(adminId);
    // another deletion on the same key (so the same partition) is handled after the repeat
    String marker = "marker-" + UUID.randomUUID();
    AccountDeletedEvent.of(marker, "glow", null).publish(adminId);
    deletions.awaitDone(marker);

    assertThat(complete(again).statusCode()).isEqualTo(200);
    assertThat(deletions.doneAt(adminId)).isEqualTo(doneAt);
    assertThat(deletions.timesProcessed(event.id())).isEqualTo(1);
  }

  private static String admin(String id) {
    return MINTER.mint(
        new PlatformPrincipal(id, "glow", Set.of(Role.USER, Role.ADMIN), AgeGroup.ADULT),
        Duration.ofHours(1));
  }

  private JsonNode createKey(String admin, String name) {
    HttpResponse<String> created =
        send("POST", "/v1/admin/api-keys", admin, "{\"name\":\"" + name + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json(created.body());
  }

  private HttpResponse<String> complete(String credential) {
    return send("POST", "/v1/chat/completions", credential, chatBody(alias, false));
  }

  /**
   * The relay is off in these tests (they read events from the outbox table); a running one would
   * have published the events naming the account by now. Does what it would have done.
   */
  private void relayOutbox(String userId) {
    jdbc.update("delete from gateway.outbox where position(? in payload::text) > 0", userId);
  }

  /**
   * Where the id is still stored in the {@code gateway} schema (table.column → rows), after
   * checking that the scan reached the tables that hold an account's rows: it would see a forgotten
   * table.
   */
  private Map<String, Integer> rowsHolding(String userId) {
    SchemaScan scan = SchemaScan.of(Infra.dataSource(), "gateway", userId);
    assertThat(scan.checked())
        .contains(
            "api_keys.created_by",
            "api_keys.name",
            "canary_decisions.actor",
            "canary_decisions.reason",
            "outbox.payload");
    return scan.found();
  }
}
