package com.companion.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.testkit.Infra;
import com.companion.testkit.TokenMinter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One gateway on a random port against the real PostgreSQL/Redis, with fast health timings. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(GatewayTestSupport.TestClock.class)
abstract class GatewayTestSupport {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  static final TokenMinter MINTER = TokenMinter.local(Clock.systemUTC());

  @LocalServerPort int port;
  @Autowired MutableClock clock;
  final List<String> deployed = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<FakeNode> nodes = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Test aliases are removed again: every replica health-checks every deployed node. The nodes a
   * test started are stopped after that.
   */
  @org.junit.jupiter.api.AfterEach
  void undeploy() {
    try {
      String admin = adminToken();
      for (String alias : deployed) {
        send("DELETE", "/v1/admin/models/" + alias, admin, null);
      }
      deployed.clear();
    } finally {
      nodes.forEach(FakeNode::close);
      nodes.clear();
    }
  }

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry registry) {
    fastSettings().forEach((key, value) -> registry.add(key, () -> value));
  }

  /** Infrastructure plus timings short enough for tests. */
  static Map<String, String> fastSettings() {
    Map<String, String> settings = new java.util.LinkedHashMap<>(Infra.properties());
    // no outbox relay here: the tests read the events from the outbox table, which a running
    // relay would empty under them (the relay's own path to Kafka is tested in contracts)
    settings.put("platform.outbox.relay-enabled", "false");
    settings.put("gateway.deployments.refresh-interval", "300ms");
    settings.put("gateway.health.interval", "300ms");
    settings.put("gateway.health.timeout", "500ms");
    settings.put("gateway.routing.ttft-timeout", "3s");
    settings.put("gateway.routing.idle-timeout", "3s");
    settings.put("gateway.canary.min-samples", "6");
    settings.put("gateway.service-credentials.chat-service", "test-service-secret");
    settings.put("gateway.node-credential", FakeNode.CREDENTIAL);
    // Kafka may be a broker other runs share: a group of this run's own, so no other gateway
    // takes this one's verdicts
    settings.put("gateway.quality-verdicts.group-id", "model-gateway-test-" + UUID.randomUUID());
    settings.put("gateway.account-deletions.group-id", "model-gateway-test-" + UUID.randomUUID());

    return settings;
  }

  @TestConfiguration
  static class TestClock {
    @Bean
    @Primary
    MutableClock mutableClock() {
      // mid-minute, so a quota window does not roll over during a test
      return new MutableClock(Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(20));
    }
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  static String adminToken() {
    return adminToken("glow");
  }

  /** An admin of {@code product}: products are tenants, and an admin manages only their own. */
  static String adminToken(String product) {
    return MINTER.mint(
        new PlatformPrincipal(
            "admin-" + UUID.randomUUID(), product, Set.of(Role.ADMIN), AgeGroup.ADULT),
        Duration.ofHours(1));
  }

  static String userToken(String userId) {
    return MINTER.mint(
        new PlatformPrincipal(userId, "glow", Set.of(Role.USER), AgeGroup.ADULT),
        Duration.ofHours(1));
  }

  static String uniqueAlias() {
    return "test-" + UUID.randomUUID().toString().substring(0, 8);
  }

  HttpResponse<String> send(String method, String path, String token, String body) {
    return send(base(), method, path, token, body);
  }

  static HttpResponse<String> send(
      String base, String method, String path, String token, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      // a fresh connection per call: keeps one test's half-read stream from stalling the next call
      try (HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(2))
              .build()) {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fake inference node of this test's own, stopped after the test. */
  FakeNode startNode() {
    try {
      FakeNode node = new FakeNode();
      nodes.add(node);
      return node;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * A fresh alias whose versions {@code v1}, {@code v2}, ... are served by these nodes in turn, one
   * node each; {@code v1} is its stable version.
   */
  String deployFresh(FakeNode... versionNodes) {
    String alias = uniqueAlias();
    for (int i = 0; i < versionNodes.length; i++) {
      deploy(alias, "v" + (i + 1), versionNodes[i].url());
    }
    return alias;
  }

  /** Creates an alias whose stable version has these nodes. */
  void deploy(String alias, String version, String... nodes) {
    HttpResponse<String> response =
        send(
            "PUT",
            "/v1/admin/models/" + alias + "/versions/" + version,
            adminToken(),
            JSON.writeValueAsString(Map.of("nodes", List.of(nodes))));
    assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
    deployed.add(alias);
  }

  static String chatBody(String model, boolean stream) {
    return "{\"model\":\""
        + model
        + "\",\"stream\":"
        + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]}";
  }

  /** The SSE {@code data:} payloads of a streamed answer, in order. */
  static List<String> dataLines(String body) {
    List<String> data = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("data: ")) {
        data.add(line.substring(6));
      }
    }
    return data;
  }

  static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  /** Polls a condition the gateway reaches asynchronously (health rounds, cache refresh). */
  static void eventually(String what, BooleanSupplier condition) {
    eventually(what, Duration.ofSeconds(15), condition);
  }

  static void eventually(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new AssertionError("not reached within " + timeout + ": " + what);
  }
}
