package com.companion.chat.guardian;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.chat.catalog.CharacterCard;
import com.companion.chat.support.ChatIntegrationTest;
import com.companion.chat.support.IdentityStub;
import com.companion.contracts.auth.AgeGroup;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The guardian chat policy before a minor's turn, asked of a real HTTP server playing
 * identity-service's {@code GET /v1/me/chat-policy} ({@link IdentityStub}).
 */
class GuardianPolicyIT extends ChatIntegrationTest {

  @Test
  void aMinorWithoutConsentIsRefusedAndNothingIsStored() {
    User minor = user(AgeGroup.MINOR);
    String id = startWith(minor, ada().id());
    IdentityStub.refuse(minor.authorization(), "guardian_consent_required");

    Answer refused = send(minor, id, "Hello");

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body().path("type").asString()).endsWith("/chat-not-allowed");
    assertThat(refused.body().path("detail").asString()).contains("guardian_consent_required");
    assertThat(refused.body().path("reason").asString()).isEqualTo("guardian_consent_required");
    assertThat(model.streamed).isEmpty();
    assertThat(
            jdbc.sql(
                    "select count(*) from chat.messages where conversation_id = ? and role = 'user'")
                .param(UUID.fromString(id))
                .query(Integer.class)
                .single())
        .isZero();
    // the same refusal while streaming, as a problem before any event
    ResponseEntity<String> streamed = raw(minor, id, MediaType.TEXT_EVENT_STREAM);
    assertThat(streamed.getStatusCode().value()).isEqualTo(403);
    assertThat(streamed.getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void aReachedDailyLimitIsRefusedWithItsReason() {
    User minor = user(AgeGroup.MINOR);
    String id = startWith(minor, ada().id());
    IdentityStub.refuse(minor.authorization(), "daily_limit_reached");

    Answer refused = send(minor, id, "Hello");

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body().path("type").asString()).endsWith("/chat-not-allowed");
    assertThat(refused.body().path("detail").asString()).contains("daily_limit_reached");
  }

  @Test
  void anAllowedMinorChatsAndTheAnswerIsReusedForThirtySeconds() {
    User minor = user(AgeGroup.MINOR);
    String id = startWith(minor, ada().id());
    IdentityStub.allow(minor.authorization());

    assertThat(send(minor, id, "One").status()).isEqualTo(201);
    assertThat(send(minor, id, "Two").status()).isEqualTo(201);
    assertThat(IdentityStub.calls(minor.authorization())).isEqualTo(1);

    // the guardian revokes consent: in force once the cached answer has expired
    IdentityStub.refuse(minor.authorization(), "guardian_consent_required");
    clock.advance(Duration.ofSeconds(10));
    assertThat(send(minor, id, "Three").status()).isEqualTo(201);
    clock.advance(Duration.ofSeconds(21));
    assertThat(send(minor, id, "Four").status()).isEqualTo(403);
    assertThat(IdentityStub.calls(minor.authorization())).isEqualTo(2);
  }

  @Test
  void anAdultNeverAsks() {
    User adult = adult();
    IdentityStub.refuse(adult.authorization(), "guardian_consent_required");
    String id = startWith(adult, ada().id());

    assertThat(send(adult, id, "Hello").status()).isEqualTo(201);
    assertThat(IdentityStub.calls(adult.authorization())).isZero();
  }

  @Test
  void whileIdentityCannotAnswerAMinorIsAskedToRetry() {
    User minor = user(AgeGroup.MINOR);
    String id = startWith(minor, ada().id());
    IdentityStub.fail(minor.authorization(), 500);

    ResponseEntity<String> answer = raw(minor, id, MediaType.APPLICATION_JSON);

    assertThat(answer.getStatusCode().value()).isEqualTo(503);
    assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("5");
    assertThat(answer.getBody()).contains("dependency-unavailable");
    assertThat(model.streamed).isEmpty();
    // a failure is not cached: the next turn asks again and goes through once identity answers
    IdentityStub.allow(minor.authorization());
    assertThat(send(minor, id, "Hello again").status()).isEqualTo(201);
  }

  @Test
  void aMinorWhoseAccountIdentityDoesNotKnowIsRefusedNotAskedToRetry() {
    User minor = user(AgeGroup.MINOR);
    String id = startWith(minor, ada().id());
    IdentityStub.fail(minor.authorization(), 401);

    ResponseEntity<String> answer = raw(minor, id, MediaType.APPLICATION_JSON);

    assertThat(answer.getStatusCode().value()).isEqualTo(403);
    assertThat(answer.getBody()).contains("chat-not-allowed").contains("unknown_account");
    assertThat(model.streamed).isEmpty();
  }

  private CharacterCard ada() {
    return catalog.character("Ada", "Hello!", List.of());
  }

  private ResponseEntity<String> raw(User user, String conversationId, MediaType accept) {
    return http.post()
        .uri("/v1/conversations/" + conversationId + "/messages")
        .header("Authorization", user.authorization())
        .accept(accept)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("content", "Hello"))
        .exchangeToMono(response -> response.toEntity(String.class))
        .block(Duration.ofSeconds(30));
  }
}
