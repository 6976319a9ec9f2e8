package com.companion.identity.guardian;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.events.Pseudonyms;
import com.companion.identity.support.IdentityClient;
import com.companion.identity.support.IdentityClient.Reply;
import com.companion.identity.support.IdentityIT;
import com.companion.testkit.PkceSignIn.Tokens;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class GuardianJourneyIT extends IdentityIT {

  private static final String PASSWORD = "quiet harbour morning";

  @Autowired ChatTurnListener listener;
  @Autowired Pseudonyms pseudonyms;

  @Test
  void aChildWaitsForConsentThenTheGuardianSeesTimeAndCharactersAndSetsALimit() throws Exception {
    String guardianName = IdentityClient.uniqueName("parent");
    client.signUp(guardianName, PASSWORD, "1980-02-02", null);
    String childName = IdentityClient.uniqueName("child");
    String childBirth = LocalDate.now(ZoneOffset.UTC).minusYears(12).toString();
    Reply child = client.signUp(childName, PASSWORD, childBirth, guardianName);
    assertThat(child.status()).isEqualTo(201);
    assertThat(child.json().path("age_group").asString()).isEqualTo("minor");
    String childId = child.json().path("id").asString();

    // before consent: the token says so and the chat policy refuses
    Tokens childTokens = app.signIn(childName, PASSWORD);
    assertThat(claim(childTokens.accessToken(), "guardian_consent")).isEqualTo("missing");
    assertThat(claim(childTokens.accessToken(), "age_group")).isEqualTo("minor");
    Reply policy = client.get("/v1/me/chat-policy", childTokens.accessToken());
    assertThat(policy.json().path("chat_allowed").asBoolean()).isFalse();
    assertThat(policy.json().path("reason").asString()).isEqualTo("guardian_consent_required");

    // another adult cannot grant it
    String strangerName = IdentityClient.uniqueName("stranger");
    client.signUp(strangerName, PASSWORD, "1975-01-01", null);
    Tokens stranger = app.signIn(strangerName, PASSWORD);
    assertThat(
            client
                .json(
                    "POST",
                    "/v1/guardian/wards/" + childId + "/consent",
                    stranger.accessToken(),
                    "")
                .status())
        .isEqualTo(404);

    // the named guardian sees the request and grants consent
    Tokens guardian = app.signIn(guardianName, PASSWORD);
    Reply wards = client.get("/v1/guardian/wards", guardian.accessToken());
    assertThat(wards.json().path("items").get(0).path("minor_id").asString()).isEqualTo(childId);
    assertThat(wards.json().path("items").get(0).path("consent").asString()).isEqualTo("pending");
    Reply granted =
        client.json(
            "POST", "/v1/guardian/wards/" + childId + "/consent", guardian.accessToken(), "");
    assertThat(granted.status()).isEqualTo(200);
    assertThat(granted.json().path("consent").asString()).isEqualTo("granted");

    // the child's next token carries the consent, and chat is allowed
    Reply refreshed = client.refresh(childTokens.refreshToken());
    String access = refreshed.json().path("access_token").asString();
    assertThat(claim(access, "guardian_consent")).isEqualTo("granted");
    assertThat(client.get("/v1/me/chat-policy", access).json().path("chat_allowed").asBoolean())
        .isTrue();

    // chat turns arrive as events (pseudonymous); the guardian sees time and characters only
    // the turns fall on today (UTC) even when the test runs just after midnight: today's window
    // is the whole day, so a turn a few minutes ahead of the clock still counts as today's
    Instant clock = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant startOfDay = clock.truncatedTo(ChronoUnit.DAYS);
    Instant now = clock.isBefore(startOfDay.plusSeconds(660)) ? startOfDay.plusSeconds(660) : clock;
    String pseudonym = pseudonyms.of(childId);
    turn(pseudonym, now.minusSeconds(600), "char-juliet");
    turn(pseudonym, now.minusSeconds(300), "char-juliet");
    turn(pseudonym, now.minusSeconds(60), "char-romeo");
    // a turn taken as an adult (the account came of age) is not the guardian's to see
    turn(pseudonym, now.minusSeconds(30), "char-romeo", false);
    turn(pseudonym, now.minusSeconds(20), "char-romeo", false);
    Reply insights =
        client.get("/v1/guardian/wards/" + childId + "/insights", guardian.accessToken());
    assertThat(insights.status()).isEqualTo(200);
    assertThat(insights.json().path("days").size()).isEqualTo(7);
    assertThat(insights.json().path("top_characters").get(0).path("character_id").asString())
        .isEqualTo("char-juliet");
    assertThat(insights.json().path("top_characters").get(0).path("turns").asLong()).isEqualTo(2);
    long minutes =
        insights.json().path("days").valueStream().mapToLong(d -> d.path("minutes").asLong()).sum();
    assertThat(minutes).isGreaterThanOrEqualTo(9);

    // a daily limit below today's use stops chat
    Reply limit =
        client.json(
            "PUT",
            "/v1/guardian/wards/" + childId + "/daily-limit",
            guardian.accessToken(),
            "{\"minutes\": 5}");
    assertThat(limit.json().path("daily_limit_minutes").asInt()).isEqualTo(5);
    Reply limited = client.get("/v1/me/chat-policy", access);
    assertThat(limited.json().path("chat_allowed").asBoolean()).isFalse();
    assertThat(limited.json().path("reason").asString()).isEqualTo("daily_limit_reached");

    // revoking consent is effective for the policy at once
    client.delete("/v1/guardian/wards/" + childId + "/consent", guardian.accessToken());
    assertThat(client.get("/v1/me/chat-policy", access).json().path("reason").asString())
        .isEqualTo("guardian_consent_required");

    // a minor cannot be a guardian, and the child cannot read insights
    assertThat(client.get("/v1/guardian/wards", access).status()).isEqualTo(403);
  }

  private void turn(String pseudonym, Instant at, String characterId) {
    turn(pseudonym, at, characterId, true);
  }

  private void turn(String pseudonym, Instant at, String characterId, boolean minor) {
    String event =
        """
        {"specversion":"1.0","id":"%s","source":"/chat-service","type":"chat.turn.completed",
         "time":"%s","product":"glow","userid":"%s",
         "data":{"schema_version":1,"conversation_id":"c1","character_id":"%s","minor":%s}}
        """
            .formatted(UUID.randomUUID(), at, pseudonym, characterId, minor);
    listener.handle(new ConsumerRecord<>("usage.chat-turn", 0, 0L, "c1", event));
  }

  private static String claim(String token, String name) throws Exception {
    return SignedJWT.parse(token).getJWTClaimsSet().getStringClaim(name);
  }
}
