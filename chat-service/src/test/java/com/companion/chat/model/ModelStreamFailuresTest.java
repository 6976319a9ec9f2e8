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
 * How a turn's model stream fails: one that falls silent after its first words ends with an error
 * instead of holding the user's stream open for ever, and a gateway whose nodes are all busy is
 * reported as a busy platform with its {@code Retry-After}, not as a broken model.
 */
class ModelStreamFailuresTest {

  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean busy;
  private HttpServer gateway;

  @BeforeEach
  void startGateway() throws Exception {
    gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gateway.createContext(
        "/v1/chat/completions",
        exchange -> {
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
}
