package com.companion.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Two gateway replicas (two application contexts) sharing one Redis share one budget. */
class QuotaAcrossReplicasIT extends GatewayTestSupport {

  static FakeNode node;
  static ConfigurableApplicationContext replicaB;
  static String baseB;
  String alias;

  @BeforeAll
  static void startSharedNode() throws Exception {
    node = new FakeNode();
  }

  @AfterAll
  static void stop() {
    node.close();
    if (replicaB != null) {
      replicaB.close();
    }
  }

  @BeforeEach
  void startSecondReplica() {
    if (replicaB == null) {
      MutableClock sameTime = new MutableClock(clock.instant());
      Map<String, String> settings = new java.util.LinkedHashMap<>(fastSettings());
      settings.put("server.port", "0");
      // command-line arguments: they outrank application.yml, default properties do not
      String[] args =
          settings.entrySet().stream()
              .map(e -> "--" + e.getKey() + "=" + e.getValue())
              .toArray(String[]::new);
      replicaB =
          new SpringApplicationBuilder(ModelGatewayApplication.class)
              .initializers(
                  context -> context.getBeanFactory().registerSingleton("clock", sameTime))
              .run(args);
      baseB = "http://127.0.0.1:" + replicaB.getEnvironment().getProperty("local.server.port");
    }
    alias = deployFresh(node);
  }

  JsonNode createKey(String limits) {
    HttpResponse<String> created =
        send("POST", "/v1/admin/api-keys", adminToken(), "{\"name\":\"quota test\"" + limits + "}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json(created.body());
  }

  @Test
  void requestsPerMinuteHoldAcrossBothReplicasTogether() {
    String key = createKey(",\"rpm_limit\":4").get("key").asString();
    // replica B learns about the new alias on its next refresh
    eventually(
        "replica B knows the alias",
        () -> send(baseB, "GET", "/v1/models/" + alias, key, null).statusCode() == 200);

    String[] bases = {base(), baseB, base(), baseB};
    for (int i = 0; i < 4; i++) {
      HttpResponse<String> ok =
          send(bases[i], "POST", "/v1/chat/completions", key, chatBody(alias, false));
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      assertThat(ok.headers().firstValue("x-ratelimit-limit-requests")).hasValue("4");
      assertThat(ok.headers().firstValue("x-ratelimit-remaining-requests"))
          .hasValue(String.valueOf(3 - i));
    }
    for (String base : new String[] {baseB, base()}) {
      HttpResponse<String> limited =
          send(base, "POST", "/v1/chat/completions", key, chatBody(alias, false));
      assertThat(limited.statusCode()).isEqualTo(429);
      long millis = clock.millis();
      long untilNextMinute = 60_000 - millis % 60_000;
      assertThat(limited.headers().firstValue("retry-after"))
          .hasValue(String.valueOf((untilNextMinute + 999) / 1000));
      assertThat(limited.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
      JsonNode error = json(limited.body()).get("error");
      assertThat(error.get("type").asString()).isEqualTo("requests");
      assertThat(error.get("code").asString()).isEqualTo("rate_limit_exceeded");
    }
  }

  @Test
  void tokensPerMinuteStopAKeyThatUsedItsTokensOnTheOtherReplica() {
    String key = createKey(",\"tpm_limit\":10").get("key").asString();
    eventually(
        "replica B knows the alias",
        () -> send(baseB, "GET", "/v1/models/" + alias, key, null).statusCode() == 200);

    HttpResponse<String> first =
        send(base(), "POST", "/v1/chat/completions", key, chatBody(alias, false));
    assertThat(first.statusCode()).isEqualTo(200);
    // the 12 tokens of that answer are counted when it ends
    eventually(
        "replica B refuses on tokens",
        () ->
            send(baseB, "POST", "/v1/chat/completions", key, chatBody(alias, false)).statusCode()
                == 429);
    HttpResponse<String> limited =
        send(baseB, "POST", "/v1/chat/completions", key, chatBody(alias, false));
    assertThat(json(limited.body()).get("error").get("type").asString()).isEqualTo("tokens");
    assertThat(limited.headers().firstValue("x-ratelimit-remaining-tokens")).hasValue("0");
  }

  @Test
  void keysAreShownOnceListedWithoutSecretAndRevocable() {
    JsonNode created = createKey("");
    String key = created.get("key").asString();
    assertThat(key).startsWith("sk-cmp-");
    String listing = send("GET", "/v1/admin/api-keys?limit=200", adminToken(), null).body();
    assertThat(listing).contains(created.get("id").asString()).doesNotContain(key);
    assertThat(send("POST", "/v1/chat/completions", key, chatBody(alias, false)).statusCode())
        .isEqualTo(200);

    assertThat(
            send("DELETE", "/v1/admin/api-keys/" + created.get("id").asString(), adminToken(), null)
                .statusCode())
        .isEqualTo(204);

    HttpResponse<String> revoked =
        send("POST", "/v1/chat/completions", key, chatBody(alias, false));
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(json(revoked.body()).get("error").get("code").asString())
        .isEqualTo("invalid_api_key");
  }

  @Test
  void theAdminApiNeedsTheAdminRole() {
    HttpResponse<String> asUser =
        send(
            "POST",
            "/v1/admin/api-keys",
            userToken("u-" + alias),
            "{\"name\":\"x\",\"product\":\"p\"}");
    assertThat(asUser.statusCode()).isEqualTo(403);
    assertThat(asUser.headers().firstValue("content-type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(send("GET", "/v1/admin/models", null, null).statusCode()).isEqualTo(401);
  }
}
