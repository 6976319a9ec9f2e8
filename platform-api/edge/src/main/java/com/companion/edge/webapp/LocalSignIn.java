package com.companion.edge.webapp;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.edge.product.ProductCatalog;
import com.companion.platform.auth.JwtProperties;
import com.companion.platform.web.PlatformProblem;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/app/local-token} (local mode only): the same token {@code ./platform token}
 * prints, for the web app's local sign-in. It trusts whoever asks, which is why it exists only on a
 * developer machine. The signing is here, in the one place that needs it, rather than in a shared
 * library every service carries: services verify tokens, only this local endpoint mints them.
 */
final class LocalSignIn {

  static final Duration TOKEN_TTL = Duration.ofHours(12);
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Body of a local sign-in. */
  record Request(String user, List<String> roles, String product, String ageGroup) {}

  private final JwtProperties jwt;
  private final ProductCatalog catalog;
  private final Clock clock;

  LocalSignIn(JwtProperties jwt, ProductCatalog catalog, Clock clock) {
    this.jwt = jwt;
    this.catalog = catalog;
    this.clock = clock;
  }

  Mono<ServerResponse> mint(ServerRequest request) {
    return request
        .bodyToMono(Request.class)
        .switchIfEmpty(Mono.error(() -> PlatformProblem.badRequest("a JSON body is required")))
        .map(this::principal)
        .flatMap(
            principal -> {
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("access_token", sign(principal));
              body.put("token_type", "Bearer");
              body.put("expires_in", TOKEN_TTL.toSeconds());
              return ServerResponse.ok().bodyValue(body);
            });
  }

  private PlatformPrincipal principal(Request body) {
    if (body.user() == null || !USER.matcher(body.user()).matches()) {
      throw PlatformProblem.badRequest("user must be 1 to 64 letters, digits, '.', '_' or '-'")
          .with("field", "user");
    }
    EnumSet<Role> roles = EnumSet.of(Role.USER);
    for (String role : body.roles() == null ? List.<String>of() : body.roles()) {
      try {
        roles.add(Role.fromClaim(role));
      } catch (IllegalArgumentException e) {
        throw PlatformProblem.badRequest("unknown role '" + role + "'").with("field", "roles");
      }
    }
    if (body.product() == null || catalog.enabled(body.product()).isEmpty()) {
      throw PlatformProblem.badRequest("unknown product").with("field", "product");
    }
    AgeGroup age;
    try {
      age = AgeGroup.fromClaim(body.ageGroup() == null ? "" : body.ageGroup());
    } catch (IllegalArgumentException e) {
      throw PlatformProblem.badRequest("age_group is minor or adult").with("field", "age_group");
    }
    return new PlatformPrincipal(body.user(), body.product(), roles, age);
  }

  /** The token {@code ./platform token} prints: HS256 with the local secret. */
  private String sign(PlatformPrincipal principal) {
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .jwtID(UUID.randomUUID().toString())
            .issuer(jwt.issuer())
            .audience(jwt.audience())
            .subject(principal.userId())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(TOKEN_TTL)))
            .claim("product", principal.product())
            .claim("roles", principal.roles().stream().map(Role::claimValue).sorted().toList())
            .claim("age_group", principal.ageGroup().claimValue())
            .build();
    SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      token.sign(new MACSigner(jwt.hmacSecret().getBytes(StandardCharsets.UTF_8)));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign token", e);
    }
    return token.serialize();
  }
}
