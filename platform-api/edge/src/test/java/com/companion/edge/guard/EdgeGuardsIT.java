package com.companion.edge.guard;

import static com.companion.edge.support.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.companion.edge.ratelimit.RateLimitTarget;
import com.companion.edge.support.EdgeInstance;
import com.companion.edge.support.TestProducts;
import com.companion.edge.support.Tokens;
import com.companion.testkit.AccountDeletedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Metrics are not public, and a suspended account, or a deleted one, is refused at the door. */
class EdgeGuardsIT {

  private final EdgeInstance instance = EdgeInstance.shared();
  private final WebTestClient edge = instance.client();

  @Test
  void prometheusIsNotServedToTheInternet() {
    edge.get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();
    edge.get()
        .uri("/actuator/prometheus")
        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.fresh()))
        .exchange()
        .expectStatus()
        .isNotFound();
    // probes stay open
    edge.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
  }

  @Test
  void aScraperWithTheConfiguredTokenReadsTheMetrics() {
    WebTestClient scraped =
        EdgeInstance.start(
                Map.of(
                    "edge.metrics.scrape-token",
                    "scrape-secret-for-this-test",
                    "edge.character-service-url",
                    EdgeInstance.sharedUpstream().url()))
            .client();
    scraped.get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();
    scraped
        .get()
        .uri("/actuator/prometheus")
        .header(HttpHeaders.AUTHORIZATION, "Bearer scrape-secret-for-this-test")
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void aSuspendedAccountIsRefusedInItsProductOnly() {
    String user = Tokens.newUser();
    String token = Tokens.forUser(user, "glow");
    readCharacter(token).expectStatus().isOk();
    markSuspended("glow", user, Instant.now().plus(Duration.ofDays(1)));
    readCharacter(token)
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://companion.example/problems/account-suspended")
        .jsonPath("$.suspended_until")
        .exists();
    // the same account id in another product is another person
    readCharacter(Tokens.forUser(user, "talkie")).expectStatus().isOk();
    // a suspension that has ended no longer counts
    markSuspended("glow", user, Instant.now().minusSeconds(5));
    readCharacter(token).expectStatus().isOk();
  }

  @Test
  void theGuardsTakeOneTokenPerAdmittedRequestAndNoneFromASuspendedAccount() {
    // one token a minute after a burst of five: the test never sees a refill
    String product = TestProducts.create(1, 5, true);
    try {
      instance.refreshProducts();
      String user = Tokens.newUser();
      String token = Tokens.forUser(user, product);
      remainingAfter(token, "4");
      remainingAfter(token, "3");
      markSuspended(product, user, Instant.now().plus(Duration.ofDays(1)));
      for (int i = 0; i < 4; i++) {
        readCharacter(token).expectStatus().isForbidden();
      }
      // a mark whose time is over: the request is admitted and pays its one token
      markSuspended(product, user, Instant.now().minusSeconds(5));
      remainingAfter(token, "2");
      instance
          .bean(ReactiveStringRedisTemplate.class)
          .delete("safety:suspended:" + product + ":" + user)
          .block(Duration.ofSeconds(5));
      remainingAfter(token, "1");
    } finally {
      TestProducts.delete(product);
    }
  }

  @Test
  void withRateLimitingOffNoBucketIsKeptAndASuspensionStillCounts() {
    WebTestClient unlimited =
        EdgeInstance.start(
                Map.of(
                    "edge.rate-limit.enabled",
                    "false",
                    "edge.character-service-url",
                    EdgeInstance.sharedUpstream().url()))
            .client();
    String user = Tokens.newUser();
    String token = Tokens.forUser(user, "glow");
    readCharacter(unlimited, token)
        .expectStatus()
        .isOk()
        .expectHeader()
        .doesNotExist("X-RateLimit-Remaining");
    ReactiveStringRedisTemplate redis = instance.bean(ReactiveStringRedisTemplate.class);
    String bucket = "edge:rl:" + RateLimitTarget.userKey("glow", user);
    assertThat(redis.hasKey(bucket).block(Duration.ofSeconds(5))).isFalse();
    markSuspended("glow", user, Instant.now().plus(Duration.ofDays(1)));
    readCharacter(unlimited, token).expectStatus().isForbidden();
  }

  /**
   * The mark safety-filter keeps in Redis for a suspension ending at {@code until} (its key is the
   * contract).
   */
  private void markSuspended(String product, String user, Instant until) {
    instance
        .bean(ReactiveStringRedisTemplate.class)
        .opsForValue()
        .set("safety:suspended:" + product + ":" + user, until.toString(), Duration.ofDays(1))
        .block(Duration.ofSeconds(5));
  }

  private void remainingAfter(String token, String remaining) {
    readCharacter(token)
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("X-RateLimit-Remaining", remaining);
  }

  @Test
  void aDeletedAccountsTokensAreRefusedAndItsRateLimitBucketIsDropped() {
    String user = Tokens.newUser();
    String token = Tokens.forUser(user, "glow");
    String bucket = "edge:rl:" + RateLimitTarget.userKey("glow", user);
    ReactiveStringRedisTemplate redis = instance.bean(ReactiveStringRedisTemplate.class);
    readCharacter(token).expectStatus().isOk();
    assertThat(redis.hasKey(bucket).block(Duration.ofSeconds(5))).isTrue();

    AccountDeletedEvent.of(user, "glow", null).publish(user);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                readCharacter(token)
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo("https://companion.example/problems/unauthenticated")
                    .jsonPath("$.detail")
                    .isEqualTo("this account was deleted"));
    assertThat(redis.hasKey(bucket).block(Duration.ofSeconds(5))).isFalse();
    // accounts are per product: the same id in another product is someone else
    readCharacter(Tokens.forUser(user, "talkie")).expectStatus().isOk();
  }

  /** A character read through the edge with this token: what the guards in front decide. */
  private WebTestClient.ResponseSpec readCharacter(String token) {
    return readCharacter(edge, token);
  }

  private static WebTestClient.ResponseSpec readCharacter(WebTestClient client, String token) {
    return client
        .get()
        .uri("/v1/characters/abc")
        .header(HttpHeaders.AUTHORIZATION, bearer(token))
        .exchange();
  }
}
