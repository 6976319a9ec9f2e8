package com.companion.safety.lexicon;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.safety.SafetyFilterApplication;
import com.companion.safety.moderation.Category;
import com.companion.safety.policy.PolicyRegistry;
import com.companion.testkit.Infra;
import com.companion.testkit.TokenMinter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two replicas of the service share PostgreSQL and Redis; a change made through one is in force on
 * the other within seconds, without a restart. The periodic reload is set to an hour so only the
 * Redis announcement can carry the change.
 */
class LexiconRegistryReplicationIT {

  private static final String CHANNEL = "safety:changes:test-" + UUID.randomUUID();
  private static final String TOPIC_SUFFIX = UUID.randomUUID().toString();
  private static ConfigurableApplicationContext replicaA;
  private static ConfigurableApplicationContext replicaB;

  @BeforeAll
  static void startReplicas() {
    replicaA = start();
    replicaB = start();
  }

  @AfterAll
  static void stopReplicas() {
    if (replicaA != null) {
      replicaA.close();
    }
    if (replicaB != null) {
      replicaB.close();
    }
  }

  private static ConfigurableApplicationContext start() {
    Map<String, Object> props = new HashMap<>(Infra.properties());
    props.put("server.port", "0");
    props.put("safety.changes-channel", CHANNEL);
    props.put("safety.refresh-interval", "1h");
    // the review consumer runs (as in production) on a topic and group of its own
    props.put("safety.character-reviews.topic", "character.lifecycle.test-" + TOPIC_SUFFIX);
    props.put("safety.character-reviews.group-id", "safety-test-" + TOPIC_SUFFIX);
    // as arguments: they must win over the port default in application.yml
    String[] args =
        props.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return new SpringApplicationBuilder(SafetyFilterApplication.class).run(args);
  }

  private static WebTestClient client(ConfigurableApplicationContext ctx) {
    int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
    return WebTestClient.bindToServer()
        .baseUrl("http://127.0.0.1:" + port)
        .responseTimeout(Duration.ofSeconds(30))
        .build();
  }

  private static String adminToken() {
    String id = "admin-" + UUID.randomUUID();
    return TokenMinter.local(Clock.systemUTC())
        .mint(
            new PlatformPrincipal(id, "glow", Set.of(Role.ADMIN), AgeGroup.ADULT),
            Duration.ofMinutes(10));
  }

  /** Waits (bounded) for a condition that another replica brings about asynchronously. */
  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  private static void awaitBothSubscribed() throws InterruptedException {
    RedisClient client =
        RedisClient.create("redis://" + Infra.redisHost() + ":" + Infra.redisPort());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      await(
          () -> c.sync().pubsubNumsub(CHANNEL).getOrDefault(CHANNEL, 0L) >= 2,
          "both replicas to subscribe");
    } finally {
      client.shutdown();
    }
  }

  @Test
  void aTermAddedOnOneReplicaIsMatchedOnTheOtherWithinSeconds() throws Exception {
    awaitBothSubscribed();
    String term = "qzv" + UUID.randomUUID().toString().substring(0, 8);
    LexiconRegistry onB = replicaB.getBean(LexiconRegistry.class);
    assertThat(onB.get().contains(Category.HATE, term)).isFalse();

    client(replicaA)
        .post()
        .uri("/v1/admin/lexicons/terms")
        .header("Authorization", "Bearer " + adminToken())
        .bodyValue(Map.of("category", "hate", "language", "en", "term", term))
        .exchange()
        .expectStatus()
        .isCreated();

    await(() -> onB.get().contains(Category.HATE, term), "replica B to load the new term");
    assertThat(
            replicaB
                .getBean(com.companion.safety.scoring.ModerationEngine.class)
                .moderate("they are " + term)
                .score(Category.HATE))
        .isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void aPolicyChangedOnOneReplicaAppliesOnTheOther() throws Exception {
    awaitBothSubscribed();
    String product = "repl-" + UUID.randomUUID().toString().substring(0, 8);
    PolicyRegistry onB = replicaB.getBean(PolicyRegistry.class);
    assertThat(onB.policyFor(product, AgeGroup.MINOR).version()).isZero();
    client(replicaA)
        .put()
        .uri("/v1/admin/policies/" + product + "/minor")
        .header("Authorization", "Bearer " + adminToken())
        .bodyValue(
            Map.of(
                "rules", Map.of("violence", Map.of("block_at", 0.1)), "reason", "graphic fights"))
        .exchange()
        .expectStatus()
        .isOk();
    await(() -> onB.policyFor(product, AgeGroup.MINOR).version() == 1, "replica B's policy");
    assertThat(onB.policyFor(product, AgeGroup.MINOR).rule(Category.VIOLENCE).blockAt())
        .isEqualTo(0.1);
  }
}
