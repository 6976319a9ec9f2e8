package com.companion.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Nodes that fail, hang, die mid-stream, or lose their client. */
class FailoverIT extends GatewayTestSupport {

  final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable resource : resources) {
      resource.close();
    }
  }

  /** Accepts connections and never answers. */
  ServerSocket blackHole() throws Exception {
    ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    Thread acceptor =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    while (true) {
                      accepted.add(socket.accept());
                    }
                  } catch (Exception closed) {
                    // test over
                  }
                });
    resources.add(
        () -> {
          socket.close();
          acceptor.interrupt();
          for (Socket s : accepted) {
            s.close();
          }
        });
    return socket;
  }

  @Test
  void aNodeAnswering503IsRetriedOnAnother() throws Exception {
    FakeNode failing = startNode();
    failing.status = 503;
    FakeNode healthy = startNode();
    String alias = uniqueAlias();
    deploy(alias, "v1", failing.url(), healthy.url());

    // each request picks one of the two nodes at random, so 30 requests reach the failing one
    // three times (its ejection threshold) in all but about one run in two million
    int sent = 30;
    for (int i = 0; i < sent; i++) {
      HttpResponse<String> response =
          send("POST", "/v1/chat/completions", userToken("u-" + alias), chatBody(alias, false));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
    assertThat(healthy.requests.get()).isEqualTo(sent);
    // passive ejection: after three consecutive failures the failing node gets no more traffic
    assertThat(failing.requests.get()).isEqualTo(3);
  }

  @Test
  void aNodeThatNeverAnswersIsAbandonedAfterTheTtftTimeout() throws Exception {
    ServerSocket hole = blackHole();
    FakeNode healthy = startNode();
    String alias = uniqueAlias();
    String holeUrl = "http://127.0.0.1:" + hole.getLocalPort();
    deploy(alias, "v1", holeUrl, healthy.url());

    for (int i = 0; i < 3; i++) {
      HttpResponse<String> response =
          send("POST", "/v1/chat/completions", userToken("u-" + alias), chatBody(alias, true));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(dataLines(response.body()).getLast()).isEqualTo("[DONE]");
    }
    assertThat(healthy.requests.get()).isEqualTo(3);
  }

  @Test
  void aNodeDyingMidStreamEndsTheStreamWithAnErrorAndIsNotRetried() throws Exception {
    FakeNode dying = startNode();
    dying.tokens = 20;
    dying.dieAfterTokens = 3;
    String alias = deployFresh(dying);

    HttpResponse<String> response =
        send("POST", "/v1/chat/completions", userToken("u-" + alias), chatBody(alias, true));

    assertThat(response.statusCode()).isEqualTo(200);
    List<String> data = dataLines(response.body());
    assertThat(data).as(response.body()).doesNotContain("[DONE]").hasSizeGreaterThan(2);
    assertThat(json(data.get(1)).get("choices").get(0).get("delta").get("content").asString())
        .isEqualTo("tok0 ");
    JsonNode error = json(data.getLast()).get("error");
    assertThat(error.get("type").asString()).isEqualTo("server_error");
    assertThat(dying.requests.get()).isEqualTo(1);
  }

  @Test
  void noUsableNodeIs503InOpenAiShape() throws Exception {
    FakeNode failing = startNode();
    failing.status = 503;
    String alias = uniqueAlias();
    deploy(
        alias, "v1", failing.url(), "http://127.0.0.1:" + com.companion.testkit.Infra.freePort());

    HttpResponse<String> response =
        send("POST", "/v1/chat/completions", userToken("u-" + alias), chatBody(alias, true));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response.body()).get("error").get("type").asString()).isEqualTo("server_error");
  }

  @Test
  void aNodeThatIsNotReadyGetsNoTrafficUntilItIs() throws Exception {
    FakeNode starting = startNode();
    starting.ready = false;
    String alias = deployFresh(starting);
    String admin = adminToken();
    eventually(
        "node reported not ready",
        () ->
            send("GET", "/v1/admin/models/" + alias, admin, null)
                .body()
                .contains("\"ready\":false"));
    assertThat(
            send("POST", "/v1/chat/completions", userToken("u-" + alias), chatBody(alias, false))
                .statusCode())
        .isEqualTo(503);
    assertThat(starting.requests.get()).isZero();

    starting.ready = true;
    eventually(
        "node ready again",
        () ->
            send("GET", "/v1/admin/models/" + alias, admin, null)
                .body()
                .contains("\"ready\":true"));
    assertThat(
            send("POST", "/v1/chat/completions", userToken("u-" + alias), chatBody(alias, false))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void anEjectedNodeRecoversAfterItsEjectionTime() throws Exception {
    FakeNode flaky = startNode();
    flaky.status = 503;
    String alias = deployFresh(flaky);
    String admin = adminToken();
    for (int i = 0; i < 3; i++) {
      send("POST", "/v1/chat/completions", userToken("u-" + alias), chatBody(alias, false));
    }
    assertThat(send("GET", "/v1/admin/models/" + alias, admin, null).body())
        .contains("\"ejected\":true");
    assertThat(
            send("POST", "/v1/chat/completions", userToken("u-" + alias), chatBody(alias, false))
                .statusCode())
        .isEqualTo(503);
    assertThat(flaky.requests.get()).isEqualTo(3);

    flaky.status = 200;
    clock.advance(java.time.Duration.ofSeconds(31));
    eventually(
        "ejection lifted by a ready check",
        () ->
            send("GET", "/v1/admin/models/" + alias, admin, null)
                .body()
                .contains("\"ejected\":false"));
    HttpResponse<String> response =
        send("POST", "/v1/chat/completions", userToken("u-" + alias), chatBody(alias, false));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @Test
  void aClientThatDisconnectsCancelsTheNodesGeneration() throws Exception {
    FakeNode slow = startNode();
    slow.tokens = 400;
    slow.tokenDelayMillis = 20;
    String alias = deployFresh(slow);

    HttpResponse<InputStream> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + userToken("u-" + alias))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody(alias, true)))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    InputStream body = response.body();
    byte[] some = body.readNBytes(1200);
    assertThat(new String(some, StandardCharsets.UTF_8)).contains("tok1");
    body.close();

    eventually("the node saw the cancellation", () -> slow.cancelled.get() == 1);
    eventually(
        "no request outstanding",
        () ->
            send("GET", "/v1/admin/models/" + alias, adminToken(), null)
                .body()
                .contains("\"outstanding\":0"));
  }
}
