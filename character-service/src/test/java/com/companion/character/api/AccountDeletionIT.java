package com.companion.character.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.character.TestCards;
import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.Role;
import com.companion.testkit.AccountDeletedEvent;
import com.companion.testkit.AccountDeletionRecords;
import com.companion.testkit.SchemaScan;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code account.deleted} published to {@code account.lifecycle} on the real broker, consumed by
 * the service's own consumer: the user's private and unlisted characters, personas, likes, avatars
 * and chat signals go; published characters stay under a pseudonymous owner; nobody else's data
 * changes; a redelivery changes nothing.
 */
class AccountDeletionIT extends ApiTestBase {

  @Autowired DataSource dataSource;
  JdbcClient jdbc;
  AccountDeletionRecords deletions;

  @BeforeEach
  void database() {
    jdbc = JdbcClient.create(dataSource);
    deletions = new AccountDeletionRecords(dataSource, "character");
  }

  /** What one user made and did: ids of their characters by kind. */
  record Seeded(String privateId, String unlistedId, String pendingId, String publishedId) {}

  @Test
  void aDeletedAccountLeavesNoRowInTheCharacterSchemaAndOthersKeepTheirs() throws Exception {
    User leaving = adult();
    User staying = adult();
    Seeded gone = seed(leaving);
    Seeded kept = seed(staying);
    // each engages with the other's published character
    engage(leaving, kept.publishedId());
    engage(staying, gone.publishedId());
    long stayingLikes = likeCount(staying, kept.publishedId());
    assertThat(rowsHolding(leaving.id())).isNotEmpty();
    Map<String, Integer> stayingBefore = rowsHolding(staying.id());

    AccountDeletedEvent event = AccountDeletedEvent.of(leaving.id(), "glow", "u_leaving");
    event.publish(leaving.id());
    deletions.awaitDone(leaving.id());

    assertThat(rowsHolding(leaving.id())).isEmpty();
    for (String id : List.of(gone.privateId(), gone.unlistedId(), gone.pendingId())) {
      assertThat(count("character.characters where id = ?::uuid", id)).isZero();
    }
    assertThat(count("character.personas where owner_id = ?", leaving.id())).isZero();
    // the published character stays for others, owned by the pseudonymous marker, without avatar
    var published = ok(get(staying, "/v1/characters/" + gone.publishedId()));
    assertThat(published.get("owner_id").stringValue()).isEqualTo("deleted-user:u_leaving");
    assertThat(published.get("avatar_url").isNull()).isTrue();
    assertThat(published.get("like_count").asLong()).isEqualTo(1);
    // the leaving user's like no longer counts
    assertThat(likeCount(staying, kept.publishedId())).isEqualTo(stayingLikes - 1);
    assertThat(deletions.eventId(leaving.id())).isEqualTo(event.id());

    assertThat(rowsHolding(staying.id())).isEqualTo(stayingBefore);
    assertThat(myCharacterCount(staying)).isEqualTo(4);
    assertThat(ok(get(staying, "/v1/personas")).get("items").size()).isEqualTo(1);
    assertThat(ok(get(staying, "/v1/characters/" + kept.privateId())).get("avatar_url").isNull())
        .isFalse();
  }

  @Test
  void aRedeliveredEventIsANoOp() throws Exception {
    User leaving = adult();
    Seeded before = seed(leaving);
    AccountDeletedEvent event = AccountDeletedEvent.of(leaving.id(), "glow", "u_again");
    event.publish(leaving.id());
    deletions.awaitDone(leaving.id());
    Instant doneAt = deletions.doneAt(leaving.id());

    // made after the deletion (a token outlives the account by minutes), then the same event again
    String again = create(leaving, "After", "private").get("id").stringValue();
    event.publish(leaving.id());
    // another deletion on the same key (so the same partition) is handled after the repeat
    String markerUser = "marker-" + UUID.randomUUID();
    AccountDeletedEvent.of(markerUser, "glow", "u_marker").publish(leaving.id());
    deletions.awaitDone(markerUser);

    assertThat(count("character.characters where id = ?::uuid", before.privateId())).isZero();
    assertThat(count("character.characters where id = ?::uuid", again)).isEqualTo(1);
    assertThat(deletions.doneAt(leaving.id())).isEqualTo(doneAt);
    assertThat(deletions.timesProcessed(event.id())).isEqualTo(1);
  }

  @Test
  void onlyTheEventsProductIsDeleted() throws Exception {
    String id = "user-" + UUID.randomUUID();
    User glow = user(id, "glow", AgeGroup.ADULT, Role.USER, Role.CREATOR);
    User talkie = user(id, "talkie", AgeGroup.ADULT, Role.USER, Role.CREATOR);
    String glowCharacter = create(glow, "Glow", "private").get("id").stringValue();
    String talkieCharacter = create(talkie, "Talkie", "private").get("id").stringValue();
    post(talkie, "/v1/personas", "{\"name\":\"Robin\",\"description\":\"\"}")
        .expectStatus()
        .isCreated();

    AccountDeletedEvent.of(id, "glow", "u_glow").publish(id);
    deletions.awaitDone(id);

    assertThat(count("character.characters where id = ?::uuid", glowCharacter)).isZero();
    assertThat(ok(get(talkie, "/v1/characters/" + talkieCharacter)).get("owner_id").stringValue())
        .isEqualTo(id);
    assertThat(ok(get(talkie, "/v1/personas")).get("items").size()).isEqualTo(1);
  }

  /**
   * A private character with an avatar, an unlisted one, a public one still in review and a
   * published one with an avatar; a persona with an avatar.
   */
  private Seeded seed(User user) {
    String privateId = create(user, "Private", "private").get("id").stringValue();
    avatar(user, "/v1/characters/" + privateId + "/avatar");
    String unlistedId = create(user, "Unlisted", "unlisted").get("id").stringValue();
    String pendingId = create(user, "Pending", "public").get("id").stringValue();
    String publishedId =
        published(user, "{\"name\":\"Published\",\"description\":\"d\",\"visibility\":\"public\"}")
            .get("id")
            .stringValue();
    avatar(user, "/v1/characters/" + publishedId + "/avatar");
    String persona =
        ok(post(user, "/v1/personas", "{\"name\":\"Robin\",\"description\":\"a knight\"}"))
            .get("id")
            .stringValue();
    avatar(user, "/v1/personas/" + persona + "/avatar");
    engage(user, publishedId);
    return new Seeded(privateId, unlistedId, pendingId, publishedId);
  }

  /** A like and a chat start (the signal behind creator stats). */
  private void engage(User user, String characterId) {
    put(user, "/v1/characters/" + characterId + "/like", "{}").expectStatus().is2xxSuccessful();
    post(user, "/v1/characters/" + characterId + "/chats", "{}").expectStatus().is2xxSuccessful();
  }

  private void avatar(User user, String path) {
    client
        .put()
        .uri(path)
        .headers(h -> h.setBearerAuth(user.token()))
        .contentType(MediaType.IMAGE_PNG)
        .bodyValue(TestCards.png(Map.of()))
        .exchange()
        .expectStatus()
        .is2xxSuccessful();
  }

  private long likeCount(User user, String characterId) {
    return ok(get(user, "/v1/characters/" + characterId)).get("like_count").asLong();
  }

  /**
   * Where the id is still stored in the {@code character} schema (table.column → rows), after
   * checking that the scan reached the tables that hold the user's rows: it would see a forgotten
   * table.
   */
  private Map<String, Integer> rowsHolding(String userId) {
    SchemaScan scan = SchemaScan.of(dataSource, "character", userId);
    assertThat(scan.checked())
        .contains(
            "characters.owner_id",
            "character_versions.author_id",
            "character_likes.user_id",
            "character_chats.user_id",
            "personas.owner_id");
    return scan.found();
  }

  private int count(String fromWhere, Object param) {
    return jdbc.sql("select count(*) from " + fromWhere).param(param).query(Integer.class).single();
  }
}
