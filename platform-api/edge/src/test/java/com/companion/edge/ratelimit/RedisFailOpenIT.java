package com.companion.edge.ratelimit;

import static com.companion.edge.support.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.companion.edge.support.EdgeInstance;
import com.companion.edge.support.StubUpstream;
import com.companion.edge.support.TestProducts;
import com.companion.edge.support.Tokens;
import com.companion.testkit.Infra;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** An edge whose Redis is unreachable still serves, unlimited, and counts what it let through. */
class RedisFailOpenIT {

  private static StubUpstream upstream;
  private static EdgeInstance edge;
  private static String product;

  @BeforeAll
  static void edgeWithoutRedis() {
    upstream = new StubUpstream();
    product = TestProducts.create(1, 1, true);
    edge =
        EdgeInstance.start(
            Map.of(
                "edge.character-service-url", upstream.url(),
                "spring.data.redis.port", String.valueOf(Infra.freePort()),
                "edge.rate-limit.redis-timeout", "250ms"));
    edge.refreshProducts();
  }

  @AfterAll
  static void stop() {
    upstream.close();
    TestProducts.delete(product);
  }

  @Test
  void requestsPassAndTheFailOpenCounterCountsThem() {
    double before = failOpenCount();
    String token = Tokens.forUser(Tokens.newUser(), product);
    // the bucket holds one token; with Redis down all three requests go through
    for (int i = 0; i < 3; i++) {
      edge.client()
          .get()
          .uri("/v1/characters")
          .header(HttpHeaders.AUTHORIZATION, bearer(token))
          .exchange()
          .expectStatus()
          .isOk()
          .expectHeader()
          .doesNotExist("X-RateLimit-Remaining");
    }
    assertThat(failOpenCount() - before).isEqualTo(3.0);
  }

  private static double failOpenCount() {
    return edge.bean(MeterRegistry.class).counter("edge.rate_limit.fail_open").count();
  }
}
