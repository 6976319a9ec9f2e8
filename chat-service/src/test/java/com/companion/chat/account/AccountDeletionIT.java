package com.companion.chat.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.chat.catalog.CharacterCard;
import com.companion.chat.catalog.Persona;
import com.companion.chat.support.ChatIntegrationTest;
import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.testkit.AccountDeletedEvent;
import com.companion.testkit.AccountDeletionRecords;
import com.companion.testkit.SchemaScan;
import com.companion.testkit.TokenMinter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import tools.jackson.databind.JsonNode;

/**
 * {@code account.deleted} published to {@code account.lifecycle} on the real broker, consumed by
 * the service's own consumer: the user's chats of that product go, nobody else's, and a redelivery
 * changes nothing.
 */
class AccountDeletionIT extends ChatIntegrationTest {

  @Autowired ReactiveStringRedisTemplate redis;

  private AccountDeletionRecords deletions;

  @BeforeEach
  void deletionRecords() {
    deletions = new AccountDeletionRecords(dataSource, "chat");
  }

  @Test
  void aDeletedAccountLeavesNoRowInTheChatSchemaAndOthersKeepTheirs() throws Exception {
    User leaving = user(AgeGroup.MINOR);
    User staying = adult();
    String leavingConversation = seed(leaving);
    String stayingConversation = seed(staying);
    assertThat(rowsHolding(leaving.id())).isNotEmpty();
    Map<String, Integer> stayingBefore = rowsHolding(staying.id());
    assertThat(redis.hasKey("chat:history:" + leavingConversation).block()).isTrue();

    AccountDeletedEvent event = accountDeleted(leaving.id(), "glow");
    event.publish(leaving.id());
    deletions.awaitDone(leaving.id());

    assertThat(rowsHolding(leaving.id())).isEmpty();
    assertThat(count("chat.conversations where id = ?", UUID.fromString(leavingConversation)))
        .isZero();
    assertThat(
            count("chat.messages where conversation_id = ?", UUID.fromString(leavingConversation)))
        .isZero();
    assertThat(redis.hasKey("chat:history:" + leavingConversation).block()).isFalse();
    assertThat(call("GET", "/v1/conversations/" + leavingConversation, leaving, null).status())
        .isEqualTo(404);
    // recorded by hash only
    assertThat(deletions.eventId(leaving.id())).isEqualTo(event.id());

    assertThat(rowsHolding(staying.id())).isEqualTo(stayingBefore);
    assertThat(call("GET", "/v1/conversations/" + stayingConversation, staying, null).status())
        .isEqualTo(200);
    assertThat(redis.hasKey("chat:history:" + stayingConversation).block()).isTrue();
  }

  @Test
  void aRedeliveredEventIsANoOp() throws Exception {
    User leaving = adult();
    String before = seed(leaving);
    AccountDeletedEvent event = accountDeleted(leaving.id(), "glow");
    event.publish(leaving.id());
    deletions.awaitDone(leaving.id());
    Instant doneAt = deletions.doneAt(leaving.id());

    // the user chats again (a token outlives the account by up to 15 minutes), then the same
    // event arrives a second time: it is recognised by its id and deletes nothing more
    String again = seed(leaving);
    event.publish(leaving.id());
    // another deletion on the same key (so the same partition) is handled after the repeat
    String markerUser = "marker-" + UUID.randomUUID();
    accountDeleted(markerUser, "glow").publish(leaving.id());
    deletions.awaitDone(markerUser);

    assertThat(count("chat.conversations where id = ?", UUID.fromString(before))).isZero();
    assertThat(count("chat.conversations where id = ?", UUID.fromString(again))).isEqualTo(1);
    assertThat(deletions.doneAt(leaving.id())).isEqualTo(doneAt);
    assertThat(deletions.timesProcessed(event.id())).isEqualTo(1);
  }

  @Test
  void onlyTheEventsProductIsDeleted() throws Exception {
    User glow = adult();
    User talkie = inProduct(glow.id(), "talkie");
    String glowConversation = seed(glow);
    String talkieConversation = seed(talkie);

    accountDeleted(glow.id(), "glow").publish(glow.id());
    deletions.awaitDone(glow.id());

    assertThat(count("chat.conversations where id = ?", UUID.fromString(glowConversation)))
        .isZero();
    assertThat(call("GET", "/v1/conversations/" + talkieConversation, talkie, null).status())
        .isEqualTo(200);
    assertThat(
            count(
                "chat.message_ratings where conversation_id = ?",
                UUID.fromString(talkieConversation)))
        .isEqualTo(1);
  }

  /**
   * A conversation with a persona, two turns (one with an Idempotency-Key), a rating, a pinned
   * memory and a cached history.
   */
  private String seed(User user) {
    CharacterCard bard = catalog.character("Ada", "Hello!", List.of());
    Persona persona = catalog.persona(user.id(), "Robin", "a young knight");
    Answer started =
        call(
            "POST",
            "/v1/conversations",
            user,
            Map.of("character_id", bard.id(), "persona_id", persona.id()));
    assertThat(started.status()).isEqualTo(201);
    String id = started.body().path("conversation").path("id").asString();
    JsonNode first =
        call(
                "POST",
                "/v1/conversations/" + id + "/messages",
                user,
                Map.of("content", "My sister is called Mira"),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()))
            .body();
    String replyId = first.path("reply").path("id").asString();
    assertThat(send(user, id, "Tell me a story").status()).isEqualTo(201);
    assertThat(
            call(
                    "PUT",
                    "/v1/conversations/" + id + "/messages/" + replyId + "/rating",
                    user,
                    Map.of("stars", 4, "reason", "funny"))
                .status())
        .isEqualTo(200);
    assertThat(
            call(
                    "POST",
                    "/v1/conversations/" + id + "/memories",
                    user,
                    Map.of("content", "Robin fears the sea"))
                .status())
        .isEqualTo(201);
    return id;
  }

  private User inProduct(String userId, String product) {
    PlatformPrincipal principal =
        new PlatformPrincipal(userId, product, Set.of(Role.USER), AgeGroup.ADULT);
    String token = TokenMinter.local(Clock.systemUTC()).mint(principal, Duration.ofHours(1));
    return new User(principal, "Bearer " + token);
  }

  /**
   * Where the id is still stored in the {@code chat} schema (table.column → rows), after checking
   * that the scan reached the tables that hold the user's rows: it would see a forgotten table.
   */
  private Map<String, Integer> rowsHolding(String userId) {
    SchemaScan scan = SchemaScan.of(dataSource, "chat", userId);
    assertThat(scan.checked())
        .contains(
            "conversations.user_id",
            "message_ratings.user_id",
            "idempotency_keys.user_id",
            "chat_sessions.user_id");
    return scan.found();
  }

  private int count(String fromWhere, Object param) {
    return jdbc.sql("select count(*) from " + fromWhere).param(param).query(Integer.class).single();
  }

  /** The event as identity-service's outbox writes it, with the pseudonym events carry. */
  private static AccountDeletedEvent accountDeleted(String userId, String product) {
    return AccountDeletedEvent.of(userId, product, "u_pseudonym");
  }
}
