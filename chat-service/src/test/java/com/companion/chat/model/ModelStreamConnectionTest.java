package com.companion.chat.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.chat.Caller;
import com.companion.chat.model.internal.HttpModelClient;
import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A finished model stream leaves its connection to the gateway open for the next turn: the client
 * reads the response to its end instead of hanging up at {@code [DONE]}, which would cost every
 * turn a new connection on both sides.
 */
class ModelStreamConnectionTest {

  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private HttpServer gateway;

  @BeforeEach
  void startGateway() throws Exception {
    gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gateway.createContext(
        "/v1/chat/completions",
        exchange -> {
          clientPorts.add(exchange.getRemoteAddress().getPort());
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(
                ("data: {\"choices\":[{\"delta\":{\"content\":\"Good day\"}}]}\n\n"
                        + "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                        + "data: [DONE]\n\n")
                    .getBytes(StandardCharsets.UTF_8));
          }
        });
    gateway.start();
  }

  @AfterEach
  void stop() {
    gateway.stop(0);
  }

  @Test
  void turnsOneAfterAnotherShareOneConnection() {
    HttpModelClient client =
        new HttpModelClient(
            WebClient.create("http://127.0.0.1:" + gateway.getAddress().getPort()),
            JsonMapper.builder().build(),
            Duration.ofSeconds(10),
            Duration.ofSeconds(5));
    ModelRequest request =
        new ModelRequest("companion-moe", List.of(), 32, 0.8, 0.95, 40, 0.05, 1.1, null);
    Caller caller =
        new Caller(
            new PlatformPrincipal("u-1", "glow", Set.of(Role.USER), AgeGroup.ADULT),
            "Bearer x",
            "req-1");
    int turns = 6;
    for (int i = 0; i < turns; i++) {
      List<ModelChunk> chunks = client.stream(request, caller).collectList().block();
      assertThat(chunks).extracting(chunk -> chunk.text()).contains("Good day");
    }
    // one, or two if a turn began before the previous one's connection was back in the pool
    assertThat(clientPorts).hasSizeLessThanOrEqualTo(2);
  }
}
