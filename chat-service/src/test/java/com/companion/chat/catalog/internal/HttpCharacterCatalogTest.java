package com.companion.chat.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.chat.Caller;
import com.companion.chat.catalog.CharacterCard;
import com.companion.chat.internal.RedisCache;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pinned versions over real HTTP, without Redis: each is asked of character-service once and then
 * answered from this process; what is not found is asked again.
 */
class HttpCharacterCatalogTest {

  private static final Caller CALLER = new Caller(null, "Bearer t", "r1");

  private final List<String> asked = new CopyOnWriteArrayList<>();
  private final Map<String, String> served = new ConcurrentHashMap<>();
  private HttpServer server;
  private HttpCharacterCatalog catalog;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          asked.add(path);
          String body = served.get(path);
          byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    WebClient http =
        WebClient.builder().baseUrl("http://127.0.0.1:" + server.getAddress().getPort()).build();
    catalog =
        new HttpCharacterCatalog(
            http,
            JsonMapper.builder().build(),
            Duration.ofSeconds(5),
            new RedisCache(null, null, Duration.ofMillis(100), false),
            Duration.ofHours(6),
            1_000_000);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void serve(String id, int version, String name) {
    served.put(
        "/v1/characters/" + id + "/versions/" + version,
        "{\"id\":\"" + id + "\",\"version\":" + version + ",\"name\":\"" + name + "\"}");
  }

  @Test
  void aPinnedVersionIsAskedForOnceAndThenAnsweredFromMemory() {
    serve("c1", 1, "Ada");
    serve("c1", 2, "Ada the Second");

    CharacterCard first = catalog.version("c1", 1, CALLER).block();
    CharacterCard again = catalog.version("c1", 1, CALLER).block();
    CharacterCard other = catalog.version("c1", 2, CALLER).block();

    assertThat(first.name()).isEqualTo("Ada");
    assertThat(again).isEqualTo(first);
    assertThat(other.name()).isEqualTo("Ada the Second");
    assertThat(asked)
        .containsExactly("/v1/characters/c1/versions/1", "/v1/characters/c1/versions/2");
  }

  @Test
  void aVersionNotFoundIsNotRemembered() {
    assertThat(catalog.version("c2", 1, CALLER).blockOptional()).isEmpty();
    serve("c2", 1, "Late");

    assertThat(catalog.version("c2", 1, CALLER).block().name()).isEqualTo("Late");
    assertThat(asked).hasSize(2);
  }
}
