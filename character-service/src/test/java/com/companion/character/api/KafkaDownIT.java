package com.companion.character.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.character.CharacterServiceApplication;
import com.companion.testkit.Infra;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With Kafka unreachable the consumers of moderation decisions and account deletions (on, as in
 * production) only wait: the service starts, reports ready and serves writes (their events wait in
 * the outbox).
 */
class KafkaDownIT {

  @Test
  void anUnreachableBrokerFailsNeitherReadinessNorTheApi() {
    Map<String, Object> props = new HashMap<>(Infra.properties());
    props.put("server.port", "0");
    props.put("platform.kafka.bootstrap-servers", "127.0.0.1:" + Infra.freePort());
    props.put("character.safety-decisions.consume", "true");
    props.put("character.account-deletions.consume", "true");
    String[] args =
        props.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(CharacterServiceApplication.class).run(args)) {
      assertThat(app.getBeanNamesForType(com.companion.platform.events.KafkaEventLoop.class))
          .containsExactlyInAnyOrder("safetyDecisionConsumer", "accountDeletionConsumer");
      int port = ((WebServerApplicationContext) app).getWebServer().getPort();
      WebTestClient client =
          WebTestClient.bindToServer()
              .baseUrl("http://127.0.0.1:" + port)
              .responseTimeout(Duration.ofSeconds(30))
              .build();
      client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
      ApiTestBase.User owner = ApiTestBase.adult();
      client
          .post()
          .uri("/v1/characters")
          .headers(h -> h.setBearerAuth(owner.token()))
          .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
          .bodyValue("{\"name\":\"Offline\",\"visibility\":\"public\"}")
          .exchange()
          .expectStatus()
          .isCreated();
    }
  }
}
