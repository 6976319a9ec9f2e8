package com.companion.edge.webapp;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.JwtProperties;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.contracts.auth.TokenMinter;
import com.companion.contracts.problem.PlatformProblem;
import com.companion.edge.product.ProductCatalog;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/app/local-token} (local mode only): the same token {@code ./platform token}
 * prints, for the web app's local sign-in. It trusts whoever asks, which is why it exists only on a
 * developer machine.
 */
final class LocalSignIn {

  static final Duration TOKEN_TTL = Duration.ofHours(12);
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Body of a local sign-in. */
  record Request(String user, List<String> roles, String product, String ageGroup) {}

  private final TokenMinter minter;
  private final ProductCatalog catalog;

  LocalSignIn(JwtProperties jwt, ProductCatalog catalog, Clock clock) {
    this.minter = new TokenMinter(jwt, clock);
    this.catalog = catalog;
  }

  Mono<ServerResponse> mint(ServerRequest request) {
    return request
        .bodyToMono(Request.class)
        .switchIfEmpty(Mono.error(() -> PlatformProblem.badRequest("a JSON body is required")))
        .map(this::principal)
        .flatMap(
            principal -> {
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("access_token", minter.mint(principal, TOKEN_TTL));
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
}
