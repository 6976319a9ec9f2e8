package com.companion.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A version that pins sampling settings: the node of that version gets them in place of the
 * caller's, another version of the same alias on the same node gets the caller's own, and the admin
 * API shows and checks them.
 */
class VersionSamplingIT extends GatewayTestSupport {

  final FakeNode node = newNode();

  @AfterEach
  void stopNode() {
    node.close();
  }

  @Test
  void aCanaryWithPinnedSamplingSendsItsSettingsAndStableSendsTheCallers() {
    String alias = uniqueAlias();
    String admin = adminToken();
    deploy(alias, "v1", node.url());
    HttpResponse<String> put =
        send(
            "PUT",
            "/v1/admin/models/" + alias + "/versions/v2-greedy",
            admin,
            "{\"nodes\":[\""
                + node.url()
                + "\"],\"sampling\":{\"temperature\":0,\"repetition_penalty\":1.0,\"top_k\":1}}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    JsonNode canaryVersion = versionView(json(put.body()), "v2-greedy");
    assertThat(canaryVersion.get("sampling").get("temperature").asDouble()).isZero();
    assertThat(canaryVersion.get("sampling").get("top_k").asInt()).isEqualTo(1);
    assertThat(versionView(json(put.body()), "v1").get("sampling").isEmpty()).isTrue();

    // the whole traffic to the pinned version first, then back to stable
    startCanary(alias, admin, "v2-greedy", 1.0);
    String user = userToken("u-" + alias);
    String body =
        "{\"model\":\""
            + alias
            + "\",\"temperature\":0.8,\"top_k\":40,\"repetition_penalty\":1.1,\"max_tokens\":5,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]}";
    HttpResponse<String> onCanary = send("POST", "/v1/chat/completions", user, body);
    assertThat(onCanary.statusCode()).as(onCanary.body()).isEqualTo(200);
    assertThat(json(onCanary.body()).get("system_fingerprint").asString())
        .isEqualTo("fp_v2-greedy");
    JsonNode pinned = json(node.bodies.getLast());
    assertThat(pinned.get("temperature").asDouble()).isZero();
    assertThat(pinned.get("top_k").asInt()).isEqualTo(1);
    assertThat(pinned.get("repetition_penalty").asDouble()).isEqualTo(1.0);
    // what the version does not pin is still the caller's
    assertThat(pinned.get("max_tokens").asInt()).isEqualTo(5);

    assertThat(send("DELETE", "/v1/admin/models/" + alias + "/canary", admin, null).statusCode())
        .isIn(200, 204);
    eventually(
        "canary gone",
        () ->
            json(send("GET", "/v1/admin/models/" + alias, admin, null).body())
                .get("canary")
                .isNull());
    HttpResponse<String> onStable = send("POST", "/v1/chat/completions", user, body);
    assertThat(onStable.statusCode()).as(onStable.body()).isEqualTo(200);
    assertThat(json(onStable.body()).get("system_fingerprint").asString()).isEqualTo("fp_v1");
    JsonNode callers = json(node.bodies.getLast());
    assertThat(callers.get("temperature").asDouble()).isEqualTo(0.8);
    assertThat(callers.get("top_k").asInt()).isEqualTo(40);
    assertThat(callers.get("repetition_penalty").asDouble()).isEqualTo(1.1);
  }

  @Test
  void unknownOrOutOfRangeSettingsAreRefused() {
    String alias = uniqueAlias();
    String admin = adminToken();
    for (String sampling :
        new String[] {
          "{\"logit_bias\":1}", "{\"temperature\":3}", "{\"top_k\":1.5}", "{\"top_p\":\"high\"}"
        }) {
      HttpResponse<String> put =
          send(
              "PUT",
              "/v1/admin/models/" + alias + "/versions/v1",
              admin,
              "{\"nodes\":[\"" + node.url() + "\"],\"sampling\":" + sampling + "}");
      assertThat(put.statusCode()).as(sampling).isEqualTo(400);
      assertThat(json(put.body()).get("field").asString()).isEqualTo("sampling");
    }
  }

  private void startCanary(String alias, String admin, String version, double weight) {
    HttpResponse<String> started =
        send(
            "POST",
            "/v1/admin/models/" + alias + "/canary",
            admin,
            "{\"version\":\"" + version + "\",\"weight\":" + weight + "}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
  }

  private static JsonNode versionView(JsonNode alias, String version) {
    for (JsonNode v : alias.get("versions")) {
      if (v.get("version").asString().equals(version)) {
        return v;
      }
    }
    throw new AssertionError("no version " + version + " in " + alias);
  }

  private static FakeNode newNode() {
    try {
      return new FakeNode();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
