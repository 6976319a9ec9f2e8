package com.companion.edge.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.edge.support.EdgeInstance;
import com.companion.edge.support.Tokens;
import com.companion.platform.auth.TokenVerifier;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The web app's pages and files, its configuration, and the local sign-in of local mode. */
class WebAppIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final WebTestClient edge = EdgeInstance.shared().client();

  @Test
  void everyAreaIsTheAppPageWithItsOwnContentSecurityPolicy() {
    for (String path : new String[] {"/", "/studio", "/moderation/reports", "/ops", "/callback"}) {
      edge.get()
          .uri(path)
          .exchange()
          .expectStatus()
          .isOk()
          .expectHeader()
          .contentTypeCompatibleWith(MediaType.TEXT_HTML)
          .expectHeader()
          .valueEquals("Content-Security-Policy", WebAppRoutes.CONTENT_SECURITY_POLICY)
          .expectBody(String.class)
          .value(body -> assertThat(body).contains("/app/main.js"));
    }
    edge.get()
        .uri("/app/main.js")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .value("Content-Type", type -> assertThat(type).contains("javascript"));
  }

  @Test
  void unknownFilesAndApiPathsAreStillProblems() {
    edge.get()
        .uri("/app/no-such-file.js")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    edge.get()
        .uri("/v1/no-such-path")
        .header("Authorization", Tokens.bearer(Tokens.fresh()))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    edge.get()
        .uri("/studio-and-more")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void configNamesTheProductsWithTheirSettingsAndNoLocalSignInOutsideLocalMode() {
    JsonNode config =
        JSON.readTree(
            edge.get()
                .uri("/v1/app/config")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    assertThat(config.at("/sign_in/local").asBoolean()).isFalse();
    JsonNode glow = null;
    for (JsonNode product : config.get("products")) {
      if ("glow".equals(product.get("id").asString())) {
        glow = product;
      }
    }
    assertThat(glow).isNotNull();
    assertThat(glow.get("display_name").asString()).isEqualTo("Glow");
    assertThat(glow.at("/settings/default_locale").asString()).isEqualTo("zh-CN");
    assertThat(glow.at("/settings/theme/brand").asString()).startsWith("#");

    edge.post()
        .uri("/v1/app/local-token")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user", "eve", "product", "glow", "age_group", "adult"))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void localModeMintsAPlatformTokenAndExplainsBadInput() {
    EdgeInstance local = EdgeInstance.start(Map.of("edge.web-app.local-sign-in", "true"));
    WebTestClient client = local.client();
    JsonNode answer =
        JSON.readTree(
            client
                .post()
                .uri("/v1/app/local-token")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                    Map.of(
                        "user", "ada",
                        "roles", new String[] {"creator"},
                        "product", "talkie",
                        "age_group", "minor"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    PlatformPrincipal principal =
        local.bean(TokenVerifier.class).verify(answer.get("access_token").asString());
    assertThat(principal.userId()).isEqualTo("ada");
    assertThat(principal.product()).isEqualTo("talkie");
    assertThat(principal.ageGroup()).isEqualTo(AgeGroup.MINOR);
    assertThat(principal.roles()).contains(Role.USER, Role.CREATOR);

    client
        .post()
        .uri("/v1/app/local-token")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user", "ada", "product", "no-such-app", "age_group", "adult"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("product");
  }
}
