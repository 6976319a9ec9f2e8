package com.companion.gateway.auth;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.platform.web.Page;
import com.companion.platform.web.PageCursor;
import com.companion.platform.web.PlatformProblem;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /v1/admin/api-keys}: create (the secret is in this one answer only), list, revoke. A
 * product is a tenant: an admin manages the keys of their token's product only. Another product's
 * key answers exactly as an unknown id, so its existence does not leak.
 */
@RestController
@RequestMapping("/v1/admin/api-keys")
public class AdminApiKeysController {

  private final ApiKeyStore store;

  public AdminApiKeysController(ApiKeyStore store) {
    this.store = store;
  }

  /**
   * Body of a create request; {@code product} absent means the admin's own product, any other
   * product is refused; limits are per minute, absent means the gateway default.
   */
  public record CreateKey(String name, String product, Integer rpmLimit, Integer tpmLimit) {}

  /** The created key; {@code key} is the secret and is never shown again. */
  public record CreatedKeyView(
      String id,
      String name,
      String product,
      String key,
      String keyPrefix,
      Integer rpmLimit,
      Integer tpmLimit,
      Instant createdAt) {}

  @PostMapping
  public Mono<ResponseEntity<CreatedKeyView>> create(
      PlatformPrincipal principal, @RequestBody CreateKey body) {
    requireAdmin(principal);
    if (body.name() == null || body.name().isBlank() || body.name().length() > 200) {
      throw PlatformProblem.badRequest("'name' is required (at most 200 characters)")
          .with("field", "name");
    }
    String product = ownProduct(principal, body.product());
    checkLimit("rpm_limit", body.rpmLimit());
    checkLimit("tpm_limit", body.tpmLimit());
    return store
        .create(body.name().strip(), product, body.rpmLimit(), body.tpmLimit(), principal.userId())
        .map(
            created ->
                ResponseEntity.created(URI.create("/v1/admin/api-keys/" + created.key().id()))
                    .body(
                        new CreatedKeyView(
                            created.key().id(),
                            created.key().name(),
                            created.key().product(),
                            created.secret(),
                            created.key().keyPrefix(),
                            created.key().rpmLimit(),
                            created.key().tpmLimit(),
                            created.key().createdAt())));
  }

  @GetMapping
  public Mono<Page<ApiKeyView>> list(
      PlatformPrincipal principal,
      @RequestParam(required = false) String cursor,
      @RequestParam(defaultValue = "50") int limit) {
    requireAdmin(principal);
    if (limit < 1 || limit > 200) {
      throw PlatformProblem.badRequest("'limit' must be 1..200").with("field", "limit");
    }
    PageCursor after = PageCursor.decode(cursor, "api-keys", 2);
    return store
        .list(
            principal.product(),
            after == null ? null : after.instant(0),
            after == null ? null : after.uuid(1),
            limit)
        .map(
            items -> {
              // a full page may be the last: the next one then comes back empty
              String next = null;
              if (items.size() == limit) {
                ApiKeyView last = items.getLast();
                next = PageCursor.of("api-keys", last.createdAt(), last.id()).encode();
              }
              return new Page<>(items, next);
            });
  }

  @DeleteMapping("/{id}")
  public Mono<ResponseEntity<Void>> revoke(PlatformPrincipal principal, @PathVariable String id) {
    requireAdmin(principal);
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw PlatformProblem.notFound("no API key " + id);
    }
    return store
        .revoke(principal.product(), uuid)
        .map(
            found -> {
              if (!found) {
                throw PlatformProblem.notFound("no API key " + id);
              }
              return ResponseEntity.noContent().<Void>build();
            });
  }

  /**
   * The product a new key serves: the admin's own. Naming another is a 403 rather than a silent
   * substitution, so a script written for another product's admin fails loudly.
   */
  private static String ownProduct(PlatformPrincipal principal, String requested) {
    if (requested == null || requested.isBlank()) {
      return principal.product();
    }
    if (!requested.strip().equals(principal.product())) {
      throw PlatformProblem.forbidden(
              "an admin creates keys for their own product only ('"
                  + principal.product()
                  + "'), not for '"
                  + requested.strip()
                  + "'")
          .with("field", "product");
    }
    return principal.product();
  }

  private static void checkLimit(String field, Integer value) {
    if (value != null && value < 0) {
      throw PlatformProblem.badRequest("'" + field + "' must be 0 (unlimited) or more")
          .with("field", field);
    }
  }

  private static void requireAdmin(PlatformPrincipal principal) {
    if (!principal.hasRole(Role.ADMIN)) {
      throw PlatformProblem.forbidden("the admin role is required");
    }
  }
}
