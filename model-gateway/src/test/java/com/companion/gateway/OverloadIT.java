package com.companion.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.gateway.completion.CompletionService;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Beyond capacity: what does not fit on the nodes waits in line and is served in turn; what does
 * not fit in the line is refused at once with 503 and {@code Retry-After}. Nothing is blamed on a
 * healthy node.
 */
class OverloadIT extends GatewayTestSupport {

  @DynamicPropertySource
  static void smallCapacity(DynamicPropertyRegistry registry) {
    registry.add("gateway.admission.max-streams-per-node", () -> "2");
    registry.add("gateway.admission.max-waiting", () -> "2");
    registry.add("gateway.admission.retry-after", () -> "4s");
  }

  @Autowired CompletionService completions;
  FakeNode node;

  /** Streams still held are let go, so that stopping the node leaves no handler waiting. */
  @AfterEach
  void releaseHeldStreams() {
    if (node.hold != null) {
      node.hold.countDown();
    }
  }

  @Test
  void excessRequestsWaitInTurnAndBeyondTheLineAreRefusedFast() throws Exception {
    node = startNode();
    node.hold = new CountDownLatch(1);
    String alias = deployFresh(node);
    List<CompletableFuture<HttpResponse<String>>> served = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      served.add(async(alias, i));
    }
    eventually("two streams run on the node", () -> node.running.get() == 2);
    for (int i = 2; i < 4; i++) {
      served.add(async(alias, i));
    }
    eventually("two requests wait in line", () -> completions.waiting() == 2);

    HttpResponse<String> refused =
        send("POST", "/v1/chat/completions", userToken("u-5-" + alias), chatBody(alias, true));
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("retry-after")).hasValue("4");
    JsonNode error = json(refused.body()).get("error");
    assertThat(error.get("code").asString()).isEqualTo("overloaded");
    assertThat(node.requests.get()).isEqualTo(2);

    node.hold.countDown();
    for (CompletableFuture<HttpResponse<String>> future : served) {
      HttpResponse<String> response = future.get();
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(dataLines(response.body()).getLast()).isEqualTo("[DONE]");
    }
    assertThat(node.requests.get()).isEqualTo(4);
    assertThat(completions.waiting()).isZero();
  }

  @Test
  void aFullNodeAnswering503WithRetryAfterIsNotEjected() throws Exception {
    node = startNode();
    node.status = 503;
    node.retryAfter = "2";
    String alias = deployFresh(node);
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> response =
          send("POST", "/v1/chat/completions", userToken("u-" + i + alias), chatBody(alias, false));
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("retry-after")).hasValue("2");
      assertThat(json(response.body()).get("error").get("code").asString()).isEqualTo("overloaded");
    }
    assertThat(send("GET", "/v1/admin/models/" + alias, adminToken(), null).body())
        .contains("\"ejected\":false");
    node.status = 200;
    assertThat(
            send("POST", "/v1/chat/completions", userToken("u-" + alias), chatBody(alias, false))
                .statusCode())
        .isEqualTo(200);
  }

  CompletableFuture<HttpResponse<String>> async(String alias, int i) {
    return CompletableFuture.supplyAsync(
        () ->
            send(
                "POST",
                "/v1/chat/completions",
                userToken("u-" + i + "-" + alias),
                chatBody(alias, true)));
  }
}
