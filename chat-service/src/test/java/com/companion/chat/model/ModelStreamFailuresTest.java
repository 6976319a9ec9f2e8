package com.companion.chat.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.companion.chat.Caller;
import com.companion.chat.model.internal.HttpModelClient;
import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.platform.web.PlatformProblem;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a turn's model stream ends: one that falls silent after its first words ends with an error
 * instead of holding the user's stream open for ever; a gateway whose nodes are all busy is
 * reported as a busy platform with its {@code Retry-After}, not as a broken model; and a finished
 * stream leaves its connection open for the next turn (the client reads the response to its end
 * instead of hanging up at {@code [DONE]}, which cost every turn a new connection on both sides).
 */
class ModelStreamFailuresTest {

  private final CountDownLatch release = new CountDownLatch(1);
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private volatile boolean busy;
  private volatile boolean finishes;
  private HttpServer gateway;

  @BeforeEach
  void startGateway() throws Exception {
    gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gateway.createContext(
        "/v1/chat/completions",
        exchange -> {
          clientPorts.add(exchange.getRemoteAddress().getPort());
          exchange.getRequestBody().readAllBytes();
          if (busy) {
            byte[] body =
                ("{\"error\":{\"message\":\"The model is busy\",\"type\":\"server_error\","
                        + "\"param\":null,\"code\":\"overloaded\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Retry-After", "3");
            exchange.sendResponseHeaders(503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
            return;
          }
          exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(
                "data: {\"choices\":[{\"delta\":{\"content\":\"Good\"}}]}\n\n"
                    .getBytes(StandardCharsets.UTF_8));
            if (finishes) {
              out.write(
                  ("data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                          + "data: [DONE]\n\n")
                      .getBytes(StandardCharsets.UTF_8));
              return;
            }
            out.flush();
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    gateway.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    gateway.stop(0);
  }

  private HttpModelClient client() {
    return new HttpModelClient(
        WebClient.create("http://127.0.0.1:" + gateway.getAddress().getPort()),
        JsonMapper.builder().build(),
        Duration.ofSeconds(10),
        Duration.ofMillis(500));
  }

  private static ModelRequest request() {
    return new ModelRequest("companion-moe", List.of(), 32, 0.8, 0.95, 40, 0.05, 1.1, null);
  }

  private static Caller caller() {
    return new Caller(
        new PlatformPrincipal("u-1", "glow", Set.of(Role.USER), AgeGroup.ADULT),
        "Bearer x",
        "req-1");
  }

  @Test
  void aBusyGatewayIsABusyPlatformWithItsRetryAfterNotABrokenModel() {
    busy = true;

    assertThatThrownBy(() -> client().stream(request(), caller()).blockLast(Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(
            PlatformProblem.class,
            problem -> {
              assertThat(problem.getStatusCode().value()).isEqualTo(503);
              assertThat(problem.getBody().getType()).isEqualTo(ModelClient.BUSY.uri());
              assertThat(problem.getBody().getDetail()).contains("try again in 3 s");
              assertThat(problem.getHeaders().getFirst("Retry-After")).isEqualTo("3");
            });
  }

  @Test
  void aStreamSilentLongerThanTheIdleTimeoutEndsWithAnError() throws Exception {
    HttpModelClient client = client();
    List<String> words = new CopyOnWriteArrayList<>();
    AtomicReference<Throwable> ended = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    client.stream(request(), caller())
        .subscribe(
            chunk -> words.add(chunk.text()),
            error -> {
              ended.set(error);
              done.countDown();
            },
            done::countDown);

    assertThat(done.await(10, TimeUnit.SECONDS)).as("the stream ended").isTrue();
    assertThat(words).containsExactly("Good");
    assertThat(ended.get()).as("ended with an error, not as a finished reply").isNotNull();
  }

  @Test
  void turnsOneAfterAnotherShareOneConnection() {
    finishes = true;
    HttpModelClient client = client();
    int turns = 6;
    for (int i = 0; i < turns; i++) {
      List<ModelChunk> chunks =
          client.stream(request(), caller()).collectList().block(Duration.ofSeconds(10));
      assertThat(chunks).extracting(chunk -> chunk.text()).contains("Good");
    }
    // one, or two if a turn began before the previous one's connection was back in the pool
    assertThat(clientPorts).hasSizeLessThanOrEqualTo(2);
  }
}
