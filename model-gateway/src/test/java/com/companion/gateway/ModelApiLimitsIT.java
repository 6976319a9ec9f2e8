package com.companion.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.gateway.auth.ApiKeyStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * What the model API refuses, and how: requests beyond the deployment's limits, the node's own
 * refusals (never passed on as they are), guessed API keys, and the node's credential.
 */
class ModelApiLimitsIT extends GatewayTestSupport {

  @DynamicPropertySource
  static void smallFailureBudget(DynamicPropertyRegistry registry) {
    registry.add("gateway.callers.failed-auth-burst", () -> "3");
    registry.add("gateway.callers.failed-auth-per-minute", () -> "6");
  }

  @Autowired ApiKeyStore keys;
  FakeNode node;
  String alias;

  @BeforeEach
  void deployNode() {
    node = startNode();
    node.maxTokensLimit = 512;
    alias = deployFresh(node);
    // the gateway learns the node's limit from its readiness answer
    eventually(
        "the node's limit is known",
        () ->
            send("POST", "/v1/chat/completions", userToken("u-" + alias), body(4096)).statusCode()
                == 400);
  }

  String body(int maxTokens) {
    return "{\"model\":\""
        + alias
        + "\",\"max_tokens\":"
        + maxTokens
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
  }

  @Test
  void maxTokensBeyondTheDeploymentsLimitIsRefusedAtTheGatewayNamingTheField() {
    int before = node.requests.get();
    HttpResponse<String> response =
        send("POST", "/v1/chat/completions", userToken("u-" + alias), body(1024));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = json(response.body()).get("error");
    assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
    assertThat(error.get("param").asString()).isEqualTo("max_tokens");
    assertThat(error.get("message").asString()).contains("512").contains("1024");
    assertThat(node.requests.get()).isEqualTo(before);

    assertThat(
            send("POST", "/v1/chat/completions", userToken("u-" + alias), body(512)).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aNodesRefusalReachesTheCallerInOpenAiShapeWithoutTheNodesProblemDocument() {
    node.status = 400;
    node.errorBody =
        "{\"type\":\"https://companion.example/problems/invalid-request\",\"title\":\"Bad Request\","
            + "\"status\":400,\"detail\":\"stop sequences must not be empty\","
            + "\"instance\":\"/v1/generate\",\"param\":\"stop\"}";

    HttpResponse<String> response =
        send("POST", "/v1/chat/completions", userToken("u-" + alias), body(16));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = json(response.body()).get("error");
    assertThat(error.get("param").asString()).isEqualTo("stop");
    assertThat(error.get("message").asString()).isEqualTo("stop sequences must not be empty");
    assertThat(response.body()).doesNotContain("/v1/generate").doesNotContain("companion.example");
  }

  @Test
  void logitBiasIsCheckedForItsShapeAndAccepted() {
    String withBias =
        body(8)
            .replace("\"max_tokens\"", "\"logit_bias\":{\"50256\":-100,\"198\":5},\"max_tokens\"");
    assertThat(send("POST", "/v1/chat/completions", userToken("u-" + alias), withBias).statusCode())
        .isEqualTo(200);

    HttpResponse<String> bad =
        send(
            "POST",
            "/v1/chat/completions",
            userToken("u-" + alias),
            body(8).replace("\"max_tokens\"", "\"logit_bias\":{\"x\":500},\"max_tokens\""));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad.body()).get("error").get("param").asString()).isEqualTo("logit_bias");
  }

  @Test
  void guessedKeysExhaustTheirClientsBudgetWithoutGrowingTheKeyCache() {
    String guesser = someAddress();
    int cached = keys.cachedKeys();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> wrong = post(guesser, "sk-cmp-guess-" + UUID.randomUUID());
      assertThat(wrong.statusCode()).isEqualTo(401);
    }
    HttpResponse<String> refused = post(guesser, "sk-cmp-guess-" + UUID.randomUUID());
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("retry-after")).isPresent();
    assertThat(json(refused.body()).get("error").get("code").asString())
        .isEqualTo("rate_limit_exceeded");
    assertThat(keys.cachedKeys()).isEqualTo(cached);

    // another client, with a real key, is not affected
    String key =
        json(send("POST", "/v1/admin/api-keys", adminToken(), "{\"name\":\"limits test\"}").body())
            .get("key")
            .asString();
    assertThat(post("203.0.113.250", key).statusCode()).isEqualTo(200);

    // the budget refills with the clock
    clock.advance(Duration.ofSeconds(10));
    assertThat(post(guesser, "sk-cmp-guess-" + UUID.randomUUID()).statusCode()).isEqualTo(401);
  }

  @Test
  void aThrottledAddressStillServesCredentialsCheckedWithoutTheDatabase() {
    String shared = someAddress();
    String key = createKey();
    assertThat(post(shared, key).statusCode()).isEqualTo(200);
    for (int i = 0; i < 3; i++) {
      assertThat(post(shared, "sk-cmp-guess-" + UUID.randomUUID()).statusCode()).isEqualTo(401);
    }
    assertThat(post(shared, "sk-cmp-guess-" + UUID.randomUUID()).statusCode()).isEqualTo(429);

    // someone else behind the same address (a NAT, an office) with a key verified recently, or
    // with a platform token, goes on working; a bad token is refused like a guessed key
    assertThat(post(shared, key).statusCode()).isEqualTo(200);
    assertThat(post(shared, userToken("u-" + alias)).statusCode()).isEqualTo(200);
    assertThat(post(shared, "not-a-jwt").statusCode()).isEqualTo(429);
  }

  @Test
  void failedUserTokensForwardedByAnAuthenticatedServiceDoNotLockTheServiceOut() {
    String service = someAddress();
    String serviceKey = "chat-service:test-service-secret";
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> expired = post(service, "expired.user.token", serviceKey);
      assertThat(expired.statusCode()).as("forwarded bad token %d", i).isEqualTo(401);
    }
    assertThat(post(service, userToken("u-" + alias), serviceKey).statusCode()).isEqualTo(200);
    // a wrong service credential is a failure like any other
    for (int i = 0; i < 3; i++) {
      assertThat(post(service, userToken("u-" + alias), "chat-service:wrong").statusCode())
          .isEqualTo(401);
    }
    assertThat(post(service, userToken("u-" + alias), "chat-service:wrong").statusCode())
        .isEqualTo(429);
  }

  String createKey() {
    return json(send("POST", "/v1/admin/api-keys", adminToken(), "{\"name\":\"limits test\"}")
            .body())
        .get("key")
        .asString();
  }

  @Test
  void theGatewayPresentsItsCredentialToTheNode() {
    int before = node.requests.get();
    assertThat(send("POST", "/v1/chat/completions", userToken("u-" + alias), body(8)).statusCode())
        .isEqualTo(200);
    // the fake node answers 401 to anything without FakeNode.CREDENTIAL, so a request counted
    // there carried it
    assertThat(node.requests.get()).isEqualTo(before + 1);
  }

  /** A completion sent as if the edge forwarded it for {@code client}. */
  HttpResponse<String> post(String client, String key) {
    return post(client, key, null);
  }

  /** The same, with a service credential beside the bearer token when one is given. */
  HttpResponse<String> post(String client, String key, String serviceKey) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base() + "/v1/chat/completions"))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .header("Authorization", "Bearer " + key)
              .header("X-Forwarded-For", "198.51.100.9, " + client)
              .POST(HttpRequest.BodyPublishers.ofString(body(8)));
      if (serviceKey != null) {
        request.header("X-Service-Key", serviceKey);
      }
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A client address of the test's own among 65,000 (198.18.0.0/16, set aside for tests), so that
   * no other test's budget for an address is met by chance.
   */
  private static String someAddress() {
    return "198.18." + (int) (Math.random() * 256) + "." + (1 + (int) (Math.random() * 254));
  }
}
