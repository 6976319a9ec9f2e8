package com.companion.safety.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.Role;
import com.companion.safety.classifier.TextClassifier;
import com.companion.safety.engine.Moderator;
import com.companion.safety.engine.SafetySnapshot;
import com.companion.safety.engine.SnapshotJson;
import com.companion.safety.moderation.Action;
import java.io.ByteArrayInputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The moderation snapshot: only for services, an ETag that spares an unchanged body, a new version
 * as soon as the lexicon changes, and a moderator built from it judges as this service does.
 */
@TestPropertySource(properties = "safety.service-credentials.chat-service=snapshot-test-secret")
class SnapshotApiIT extends ApiTestBase {

  private static final String KEY = "chat-service:snapshot-test-secret";

  @Test
  void onlyServicesWithACredentialReadIt() {
    client
        .get()
        .uri("/internal/v1/moderation/snapshot")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentTypeCompatibleWith("application/problem+json");
    client
        .get()
        .uri("/internal/v1/moderation/snapshot")
        .header("X-Service-Key", "chat-service:wrong")
        .exchange()
        .expectStatus()
        .isUnauthorized();
    client
        .get()
        .uri("/internal/v1/moderation/classifier")
        .header("Authorization", "Bearer " + adult().token())
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void anUnchangedSnapshotIsA304AndALexiconChangeANewVersion() {
    var first =
        client
            .get()
            .uri("/internal/v1/moderation/snapshot")
            .header("X-Service-Key", KEY)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult();
    String etag = first.getResponseHeaders().getETag();
    SafetySnapshot snapshot = SnapshotJson.read(first.getResponseBody());
    assertThat(etag).isEqualTo("\"" + snapshot.version() + "\"");

    client
        .get()
        .uri("/internal/v1/moderation/snapshot")
        .header("X-Service-Key", KEY)
        .header("If-None-Match", etag)
        .exchange()
        .expectStatus()
        .isNotModified();

    post(
        admin(),
        "/v1/admin/lexicons/terms",
        Map.of("category", "harassment", "language", "en", "term", "snapshot" + System.nanoTime()),
        201);

    client
        .get()
        .uri("/internal/v1/moderation/snapshot")
        .header("X-Service-Key", KEY)
        .header("If-None-Match", etag)
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .value("ETag", changed -> assertThat(changed).isNotEqualTo(etag));
  }

  @Test
  void aModeratorBuiltFromItJudgesAsThisServiceDoes() throws Exception {
    String json =
        client
            .get()
            .uri("/internal/v1/moderation/snapshot")
            .header("X-Service-Key", KEY)
            .exchange()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    byte[] weights =
        client
            .mutate()
            .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(64 * 1024 * 1024))
            .build()
            .get()
            .uri("/internal/v1/moderation/classifier")
            .header("X-Service-Key", KEY)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(byte[].class)
            .returnResult()
            .getResponseBody();
    SafetySnapshot snapshot = SnapshotJson.read(json);
    assertThat(SnapshotJson.sha256(weights)).isEqualTo(snapshot.classifierDigest());
    Moderator moderator =
        new Moderator(snapshot, TextClassifier.read(new ByteArrayInputStream(weights)));

    for (String text :
        new String[] {"你这个傻逼", "hello there, friend", "let's have sex chat", "I want to die"}) {
      for (AgeGroup age : AgeGroup.values()) {
        String remote =
            post(user("glow", age, Role.USER), "/v1/moderations", Map.of("input", text), 200)
                .path("action")
                .asString();
        Action local = moderator.check(text, "glow", age).action();
        assertThat(local.wireName()).as("%s for %s", text, age).isEqualTo(remote);
      }
    }
  }
}
