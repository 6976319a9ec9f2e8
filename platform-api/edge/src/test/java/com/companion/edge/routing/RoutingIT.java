package com.companion.edge.routing;

import static com.companion.edge.support.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.auth.Role;
import com.companion.edge.support.EdgeInstance;
import com.companion.edge.support.StubUpstream;
import com.companion.edge.support.Tokens;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class RoutingIT {

  private final EdgeInstance instance = EdgeInstance.shared();
  private final WebTestClient edge = instance.client();

  @Test
  void eachPublicPathReachesItsService() {
    // character-service, chat-service and model-gateway all point at the stub upstream
    for (String path :
        List.of(
            "/v1/characters",
            "/v1/characters/abc/versions/2",
            "/v1/me/characters",
            "/v1/personas",
            "/v1/conversations",
            "/v1/conversations/c1/messages?before=x&limit=5",
            "/v1/models",
            "/v1/admin/models",
            "/v1/admin/api-keys/k1")) {
      edge.get()
          .uri(path)
          .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.fresh()))
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.path")
          .isEqualTo(path);
    }
  }

  @Test
  void signInPathsReachIdentityServiceWithoutATokenAndKeepTheHost() {
    // identity-service's sign-in form redirects to the host it was asked for: the edge's own
    String host = "127.0.0.1:" + instance.port();
    for (String path :
        List.of(
            "/.well-known/openid-configuration",
            "/oauth2/jwks",
            "/oauth2/authorize?x=1",
            "/login",
            // the browser's visit to the end-session endpoint at sign-out: no bearer token
            "/connect/logout?id_token_hint=x")) {
      edge.get()
          .uri(path)
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.path")
          .isEqualTo(path)
          .jsonPath("$.host")
          .isEqualTo(host);
    }
    // the web app's sign-out revokes its refresh token (RFC 7009): a form, no bearer token
    for (String path : List.of("/oauth2/token", "/oauth2/revoke")) {
      String form = "token=rt-1&token_type_hint=refresh_token&client_id=companion-web";
      edge.post()
          .uri(path)
          .contentType(MediaType.APPLICATION_FORM_URLENCODED)
          .bodyValue(form)
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.path")
          .isEqualTo(path)
          .jsonPath("$.method")
          .isEqualTo("POST")
          .jsonPath("$.body_bytes")
          .isEqualTo(form.length());
    }
  }

  @Test
  void analyticsIsForAnalystsAndAdminsOnly() {
    String path = "/v1/analytics/daily?product=glow";
    for (String token :
        List.of(Tokens.withRoles(Role.USER, Role.ANALYST), Tokens.withRoles(Role.ADMIN))) {
      edge.get()
          .uri(path)
          .header(HttpHeaders.AUTHORIZATION, bearer(token))
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.path")
          .isEqualTo(path);
    }
    edge.get()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.withRoles(Role.USER, Role.MODERATOR)))
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://companion.example/problems/forbidden");
    edge.get().uri(path).exchange().expectStatus().isUnauthorized();
  }

  @Test
  void aCreatorReachesTheirOwnFiguresAndNoOtherAnalytics() {
    String mine = "/v1/analytics/creators/me?product=glow";
    String creator = bearer(Tokens.withRoles(Role.USER, Role.CREATOR));
    edge.get()
        .uri(mine)
        .header(HttpHeaders.AUTHORIZATION, creator)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.path")
        .isEqualTo(mine);
    edge.get()
        .uri("/v1/analytics/creators/top?product=glow")
        .header(HttpHeaders.AUTHORIZATION, creator)
        .exchange()
        .expectStatus()
        .isForbidden();
    edge.get()
        .uri(mine)
        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.withRoles(Role.USER)))
        .exchange()
        .expectStatus()
        .isForbidden();
  }

  @Test
  void unknownPathIs404Problem() {
    edge.get()
        .uri("/v1/nothing-here")
        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.fresh()))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://companion.example/problems/not-found")
        .jsonPath("$.request_id")
        .exists();
  }

  @Test
  void upstreamThatIsDownIs503Problem() {
    // the shared edge's safety-filter route points at a port where nothing listens
    for (String path : List.of("/v1/moderations", "/v1/reports", "/v1/moderation/queue")) {
      edge.get()
          .uri(path)
          .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.fresh()))
          .exchange()
          .expectStatus()
          .isEqualTo(503)
          .expectHeader()
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody()
          .jsonPath("$.type")
          .isEqualTo("https://companion.example/problems/dependency-unavailable")
          .jsonPath("$.detail")
          .isEqualTo("safety-filter is unavailable");
    }
  }

  @Test
  void jsonBodyOverOneMebibyteIs413() {
    byte[] body = new byte[1024 * 1024 + 1];
    edge.post()
        .uri("/v1/characters")
        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.fresh()))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isEqualTo(413)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://companion.example/problems/payload-too-large")
        .jsonPath("$.limit_bytes")
        .isEqualTo(1024 * 1024);
  }

  @Test
  void pngImportMayBeLargerThanJsonButNotOverEightMebibytes() {
    byte[] twoMebibytes = new byte[2 * 1024 * 1024];
    edge.post()
        .uri("/v1/characters/import")
        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.fresh()))
        .contentType(MediaType.IMAGE_PNG)
        .bodyValue(twoMebibytes)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.body_bytes")
        .isEqualTo(twoMebibytes.length);

    edge.post()
        .uri("/v1/characters/import")
        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.fresh()))
        .contentType(MediaType.IMAGE_PNG)
        .bodyValue(new byte[8 * 1024 * 1024 + 1])
        .exchange()
        .expectStatus()
        .isEqualTo(413);
  }

  @Test
  void chunkedBodyIsCutOffAtTheLimit() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(instance.url() + "/v1/characters"))
            .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.fresh()))
            .header(HttpHeaders.CONTENT_TYPE, "application/json")
            // an input stream has no known length, so the client sends it chunked
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(new byte[3 * 1024 * 1024])))
            .build();
    HttpResponse<String> response;
    try (HttpClient client = HttpClient.newHttpClient()) {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    }
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue(HttpHeaders.CONTENT_TYPE))
        .hasValue(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
  }

  @Test
  void serverSentEventsAreRelayedOneByOneWithoutBuffering() {
    StubUpstream upstream = EdgeInstance.sharedUpstream();
    String conversation = UUID.randomUUID().toString();
    Sinks.Many<String> upstreamEvents = upstream.streamOf(conversation);
    // the first event lets the upstream send its response headers
    upstreamEvents.tryEmitNext("one");

    Flux<ServerSentEvent<String>> relayed =
        edge.post()
            .uri("/v1/conversations/" + conversation + "/messages")
            .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.fresh()))
            .accept(MediaType.TEXT_EVENT_STREAM)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"content\":\"hi\"}")
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
            .getResponseBody();

    // The upstream sends its next event only after the client has received the previous one,
    // so the stream can only complete if the edge flushes every event as it arrives.
    StepVerifier.create(relayed)
        .assertNext(event -> assertThat(event.data()).isEqualTo("{\"text\":\"one\"}"))
        .then(() -> upstreamEvents.tryEmitNext("two"))
        .assertNext(
            event -> {
              assertThat(event.event()).isEqualTo("delta");
              assertThat(event.data()).isEqualTo("{\"text\":\"two\"}");
            })
        .then(() -> upstreamEvents.tryEmitNext("three"))
        .assertNext(event -> assertThat(event.data()).isEqualTo("{\"text\":\"three\"}"))
        .then(upstreamEvents::tryEmitComplete)
        .expectComplete()
        .verify(Duration.ofSeconds(30));
  }
}
