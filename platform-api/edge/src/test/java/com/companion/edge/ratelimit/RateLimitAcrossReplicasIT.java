package com.companion.edge.ratelimit;

import static com.companion.edge.support.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.companion.edge.support.EdgeInstance;
import com.companion.edge.support.StubUpstream;
import com.companion.edge.support.TestProducts;
import com.companion.edge.support.Tokens;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Two edge replicas, one Redis: a user's bucket is the same whichever replica answers. */
class RateLimitAcrossReplicasIT {

  private static StubUpstream upstream;
  private static EdgeInstance first;
  private static EdgeInstance second;
  private static String product;

  @BeforeAll
  static void twoReplicas() {
    upstream = new StubUpstream();
    // one token a minute after a burst of three: the test never sees a refill
    product = TestProducts.create(1, 3, true);
    Map<String, String> settings = Map.of("edge.character-service-url", upstream.url());
    first = EdgeInstance.start(settings);
    second = EdgeInstance.start(settings);
  }

  @AfterAll
  static void stop() {
    upstream.close();
    TestProducts.delete(product);
  }

  @Test
  void secondReplicaSeesTheFirstOnesConsumption() {
    String token = Tokens.forUser(Tokens.newUser(), product);
    get(first, token)
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("X-RateLimit-Remaining", "2");
    get(first, token)
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("X-RateLimit-Remaining", "1");
    get(second, token)
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("X-RateLimit-Remaining", "0");

    get(second, token)
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader()
        .value(
            HttpHeaders.RETRY_AFTER,
            seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L))
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://companion.example/problems/rate-limited");
    get(first, token).expectStatus().isEqualTo(429);

    // another user of the same product has a bucket of their own
    get(second, Tokens.forUser(Tokens.newUser(), product)).expectStatus().isOk();
  }

  private static WebTestClient.ResponseSpec get(EdgeInstance replica, String token) {
    replica.refreshProducts();
    return replica
        .client()
        .get()
        .uri("/v1/characters")
        .header(HttpHeaders.AUTHORIZATION, bearer(token))
        .exchange();
  }
}
