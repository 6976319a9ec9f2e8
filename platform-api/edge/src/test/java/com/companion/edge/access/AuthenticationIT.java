package com.companion.edge.access;

import static com.companion.edge.support.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.edge.support.EdgeInstance;
import com.companion.edge.support.TestProducts;
import com.companion.edge.support.Tokens;
import com.companion.platform.auth.JwtProperties;
import com.companion.testkit.TokenMinter;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class AuthenticationIT {

  private static final JwtProperties LOCAL = JwtProperties.localDefaults();

  private final WebTestClient edge = EdgeInstance.shared().client();

  @Test
  void validTokenIsForwardedWithItsAuthorizationHeaderUnchanged() {
    String token = Tokens.fresh();
    edge.get()
        .uri("/v1/characters/abc")
        .header(HttpHeaders.AUTHORIZATION, bearer(token))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.path")
        .isEqualTo("/v1/characters/abc")
        .jsonPath("$.authorization")
        .isEqualTo(bearer(token));
  }

  @Test
  void missingTokenIs401() {
    expectUnauthorized(edge.get().uri("/v1/characters/abc").exchange());
  }

  @Test
  void badSignatureIs401() {
    String other = "another-secret-that-is-long-enough-0123456789abcdef";
    expectUnauthorized(withToken(hmacToken(JWSAlgorithm.HS256, other, claims().build())));
  }

  @Test
  void wrongAlgorithmIs401() {
    // the right secret, but HS384 instead of the pinned HS256
    expectUnauthorized(
        withToken(hmacToken(JWSAlgorithm.HS384, LOCAL.hmacSecret(), claims().build())));
  }

  @Test
  void rs256TokenIsRejectedWhenHs256IsPinned() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).generate();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims().build());
    jwt.sign(new RSASSASigner(key));
    expectUnauthorized(withToken(jwt.serialize()));
  }

  @Test
  void unsignedTokenIs401() {
    expectUnauthorized(withToken(new PlainJWT(claims().build()).serialize()));
  }

  @Test
  void expiredTokenIs401() {
    Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
    String token =
        new TokenMinter(LOCAL.issuer(), LOCAL.audience(), LOCAL.hmacSecret(), anHourAgo)
            .mint(principal("glow"), Duration.ofMinutes(5));
    expectUnauthorized(withToken(token));
  }

  @Test
  void wrongAudienceIs401() {
    JwtProperties otherAudience =
        new JwtProperties(
            LOCAL.issuer(), "someone-else", "HS256", LOCAL.hmacSecret(), null, LOCAL.clockSkew());
    String token =
        new TokenMinter(
                otherAudience.issuer(),
                otherAudience.audience(),
                otherAudience.hmacSecret(),
                Clock.systemUTC())
            .mint(principal("glow"), Duration.ofMinutes(5));
    expectUnauthorized(withToken(token));
  }

  @Test
  void wrongIssuerIs401() {
    JwtProperties otherIssuer =
        new JwtProperties(
            "https://evil.example",
            LOCAL.audience(),
            "HS256",
            LOCAL.hmacSecret(),
            null,
            LOCAL.clockSkew());
    String token =
        new TokenMinter(
                otherIssuer.issuer(),
                otherIssuer.audience(),
                otherIssuer.hmacSecret(),
                Clock.systemUTC())
            .mint(principal("glow"), Duration.ofMinutes(5));
    expectUnauthorized(withToken(token));
  }

  @Test
  void unknownProductIs403() {
    withToken(Tokens.forUser(Tokens.newUser(), "no-such-app"))
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://companion.example/problems/unknown-product")
        .jsonPath("$.status")
        .isEqualTo(403);
  }

  @Test
  void disabledProductIs403() {
    String product = TestProducts.create(60, 10, false);
    try {
      EdgeInstance.shared().refreshProducts();
      withToken(Tokens.forUser(Tokens.newUser(), product)).expectStatus().isForbidden();
    } finally {
      TestProducts.delete(product);
    }
  }

  @Test
  void apiKeyPassesThroughUntouchedToTheModelApi() {
    String apiKey = "sk-test-" + Tokens.newUser();
    for (String path : List.of("/v1/models", "/v1/models/companion-moe")) {
      edge.get()
          .uri(path)
          .header(HttpHeaders.AUTHORIZATION, bearer(apiKey))
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.authorization")
          .isEqualTo(bearer(apiKey));
    }
    edge.post()
        .uri("/v1/chat/completions")
        .header(HttpHeaders.AUTHORIZATION, bearer(apiKey))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("model", "companion-moe"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.authorization")
        .isEqualTo(bearer(apiKey));
  }

  @Test
  void apiKeyIsRejectedEverywhereElse() {
    String apiKey = "sk-test-" + Tokens.newUser();
    for (String path :
        List.of("/v1/characters", "/v1/admin/api-keys", "/v1/admin/models", "/v1/conversations")) {
      expectUnauthorized(
          edge.get().uri(path).header(HttpHeaders.AUTHORIZATION, bearer(apiKey)).exchange());
    }
    expectUnauthorized(
        edge.post()
            .uri("/v1/events")
            .header(HttpHeaders.AUTHORIZATION, bearer(apiKey))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("events", List.of()))
            .exchange());
  }

  @Test
  void healthProbesNeedNoToken() {
    edge.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    edge.get()
        .uri("/actuator/health/readiness")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP");
  }

  private WebTestClient.ResponseSpec withToken(String token) {
    return edge.get()
        .uri("/v1/characters/abc")
        .header(HttpHeaders.AUTHORIZATION, bearer(token))
        .exchange();
  }

  private static void expectUnauthorized(WebTestClient.ResponseSpec response) {
    response
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader()
        .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://companion.example/problems/unauthenticated");
  }

  private static PlatformPrincipal principal(String product) {
    return new PlatformPrincipal(Tokens.newUser(), product, Set.of(Role.USER), AgeGroup.ADULT);
  }

  private static JWTClaimsSet.Builder claims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(LOCAL.issuer())
        .audience(LOCAL.audience())
        .subject(Tokens.newUser())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)))
        .claim("product", "glow")
        .claim("roles", List.of("user"))
        .claim("age_group", "adult");
  }

  private static String hmacToken(JWSAlgorithm algorithm, String secret, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
      jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
      assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(algorithm);
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
