package com.companion.edge.http;

import static com.companion.edge.support.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.companion.edge.support.EdgeInstance;
import com.companion.edge.support.TestProducts;
import com.companion.edge.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class CorsAndHeadersIT {

  private static final String PRODUCT_ORIGIN = "https://app-" + Tokens.newUser() + ".example";
  private static String product;

  private final WebTestClient edge = EdgeInstance.shared().client();

  @BeforeAll
  static void productWithItsOwnOrigin() {
    product = TestProducts.create(120, 40, true, PRODUCT_ORIGIN);
    EdgeInstance.shared().refreshProducts();
  }

  @AfterAll
  static void removeProduct() {
    TestProducts.delete(product);
  }

  @Test
  void preflightFromConfiguredOriginIsAllowed() {
    preflight(EdgeInstance.CONSOLE_ORIGIN)
        .expectStatus()
        .isNoContent()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, EdgeInstance.CONSOLE_ORIGIN)
        .expectHeader()
        .value(
            HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS,
            methods -> assertThat(methods).contains("POST"))
        .expectHeader()
        .value(
            HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
            headers -> assertThat(headers.toLowerCase()).contains("authorization"))
        .expectHeader()
        .exists(HttpHeaders.ACCESS_CONTROL_MAX_AGE);
  }

  @Test
  void preflightFromAProductsOwnOriginIsAllowed() {
    preflight(PRODUCT_ORIGIN)
        .expectStatus()
        .isNoContent()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, PRODUCT_ORIGIN);
  }

  @Test
  void preflightFromAnyOtherOriginIs403Problem() {
    preflight("https://evil.example")
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader()
        .doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
  }

  @Test
  void actualCrossOriginRequestCarriesCorsHeadersEvenWhenRejected() {
    edge.get()
        .uri("/v1/characters")
        .header(HttpHeaders.ORIGIN, EdgeInstance.CONSOLE_ORIGIN)
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, EdgeInstance.CONSOLE_ORIGIN)
        .expectHeader()
        .value(
            HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS,
            exposed -> assertThat(exposed).contains("X-Request-Id"));
  }

  @Test
  void aFormPostedByAPageIsANavigationNotACorsRequest() {
    // Chromium's sign-in form POST under Referrer-Policy: no-referrer: Origin null, mode navigate
    edge.post()
        .uri("/v1/app/config")
        .header(HttpHeaders.ORIGIN, "null")
        .header("Sec-Fetch-Mode", "navigate")
        .exchange()
        .expectHeader()
        .doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
        .expectBody(String.class)
        .value(body -> assertThat(body).doesNotContain("cross-origin"));
    edge.post()
        .uri("/v1/app/config")
        .header(HttpHeaders.ORIGIN, "null")
        .header("Sec-Fetch-Mode", "cors")
        .exchange()
        .expectStatus()
        .isForbidden();
  }

  @Test
  void securityHeadersOnProxiedAndLocalResponses() {
    // the stub upstream sends X-Frame-Options: SAMEORIGIN; the edge's value replaces it
    for (String path : new String[] {"/v1/characters", "/v1/nothing-here"}) {
      edge.get()
          .uri(path)
          .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.fresh()))
          .exchange()
          .expectHeader()
          .valueEquals("X-Content-Type-Options", "nosniff")
          .expectHeader()
          .valueEquals("X-Frame-Options", "DENY")
          .expectHeader()
          .valueEquals("Referrer-Policy", "no-referrer")
          .expectHeader()
          .doesNotExist("Strict-Transport-Security");
    }
  }

  @Test
  void hstsWhenTheClientCameOverHttps() {
    edge.get()
        .uri("/v1/characters")
        .header("X-Forwarded-Proto", "https")
        .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.fresh()))
        .exchange()
        .expectHeader()
        .valueEquals("Strict-Transport-Security", SecurityHeadersDecorator.HSTS);
  }

  @Test
  void requestIdIsGeneratedPropagatedAndEchoed() {
    var result =
        edge.get()
            .uri("/v1/characters")
            .header(HttpHeaders.AUTHORIZATION, bearer(Tokens.fresh()))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult();
    String id = result.getResponseHeaders().getFirst("X-Request-Id");
    assertThat(id).isNotBlank();
    assertThat(result.getResponseBody()).contains("\"request_id\":\"" + id + "\"");
  }

  @Test
  void callersRequestIdIsKeptAndAppearsInProblems() {
    edge.get()
        .uri("/v1/characters")
        .header("X-Request-Id", "trace-42.abc")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals("X-Request-Id", "trace-42.abc")
        .expectBody()
        .jsonPath("$.request_id")
        .isEqualTo("trace-42.abc");
  }

  @Test
  void malformedRequestIdIsReplaced() {
    edge.get()
        .uri("/v1/characters")
        .header("X-Request-Id", "bad id with spaces")
        .exchange()
        .expectHeader()
        .value("X-Request-Id", id -> assertThat(id).doesNotContain(" ").isNotBlank());
  }

  private WebTestClient.ResponseSpec preflight(String origin) {
    return edge.options()
        .uri("/v1/characters")
        .header(HttpHeaders.ORIGIN, origin)
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, HttpMethod.POST.name())
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type")
        .exchange();
  }
}
