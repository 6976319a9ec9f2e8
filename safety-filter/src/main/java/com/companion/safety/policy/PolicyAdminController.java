package com.companion.safety.policy;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.PlatformProblem;
import com.companion.safety.config.Access;
import com.companion.safety.moderation.Category;
import com.companion.safety.policy.internal.PolicyStore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code /v1/admin/policies}: policies per product ({@code *} = every product without its own) and
 * age group. Moderators and admins read, admins change; a change applies on every replica within
 * seconds, no restart. Every change carries the admin's reason, kept with the version and in the
 * audit log, as lexicon changes do.
 */
@RestController
public class PolicyAdminController {

  /**
   * A policy on the wire; {@code updatedBy}, {@code updatedAt} and {@code reason} say who made this
   * version, when and why (absent for the built-in ones, and no reason for versions stored before
   * reasons were required).
   */
  public record PolicyView(
      String product,
      String ageGroup,
      long version,
      boolean builtIn,
      Map<String, RuleView> rules,
      String updatedBy,
      Instant updatedAt,
      String reason) {
    static PolicyView of(StoredPolicy stored) {
      Policy p = stored.policy();
      return new PolicyView(
          p.product(),
          p.ageGroup().claimValue(),
          p.version(),
          p.version() == 0,
          PolicyStore.render(p.rules()),
          stored.updatedBy(),
          stored.updatedAt(),
          stored.reason());
    }
  }

  /** Body of a change: the whole rule set (categories left out are allowed) and why. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PutPolicy(Map<String, RuleView> rules, String reason) {}

  /** Stored policies and the built-in defaults. */
  public record PoliciesView(List<PolicyView> items, List<PolicyView> builtIn) {}

  /** As long as a note: what changed and why, not an essay. */
  static final int MAX_REASON_CHARS = 500;

  static final int MAX_CHANGES = 500;

  private final PolicyRegistry registry;
  private final PolicyStore store;

  public PolicyAdminController(PolicyRegistry registry, PolicyStore store) {
    this.registry = registry;
    this.store = store;
  }

  @GetMapping("/v1/admin/policies")
  public PoliciesView list(PlatformPrincipal caller) {
    Access.requireModerator(caller);
    return new PoliciesView(
        registry.storedWithChanges().stream().map(PolicyView::of).toList(),
        List.of(
            PolicyView.of(StoredPolicy.builtIn(DefaultPolicies.forAgeGroup(AgeGroup.MINOR))),
            PolicyView.of(StoredPolicy.builtIn(DefaultPolicies.forAgeGroup(AgeGroup.ADULT)))));
  }

  /** The latest versions, newest first, each with who made it, when and why. */
  @GetMapping("/v1/admin/policies/changes")
  public Mono<List<PolicyStore.Change>> changes(
      @RequestParam(required = false) String product,
      @RequestParam(name = "age_group", required = false) String ageGroup,
      @RequestParam(defaultValue = "100") int limit,
      PlatformPrincipal caller) {
    Access.requireModerator(caller);
    AgeGroup group = ageGroup == null ? null : ageGroup(ageGroup);
    return Mono.fromCallable(
            () -> store.changes(product, group, Math.min(Math.max(limit, 1), MAX_CHANGES)))
        .subscribeOn(Schedulers.boundedElastic());
  }

  @GetMapping("/v1/admin/policies/{product}/{ageGroup}")
  public PolicyView effective(
      @PathVariable String product, @PathVariable String ageGroup, PlatformPrincipal caller) {
    Access.requireModerator(caller);
    return PolicyView.of(registry.storedFor(product, ageGroup(ageGroup)));
  }

  @PutMapping("/v1/admin/policies/{product}/{ageGroup}")
  public Mono<PolicyView> put(
      @PathVariable String product,
      @PathVariable String ageGroup,
      @RequestBody PutPolicy body,
      PlatformPrincipal caller) {
    Access.requireAdmin(caller);
    AgeGroup group = ageGroup(ageGroup);
    if (body == null || body.rules() == null) {
      throw PlatformProblem.badRequest("rules are required").with("field", "rules");
    }
    String reason = body.reason() == null ? "" : body.reason().strip();
    if (reason.isEmpty() || reason.length() > MAX_REASON_CHARS) {
      throw PlatformProblem.badRequest("a reason of 1-" + MAX_REASON_CHARS + " chars is required")
          .with("field", "reason");
    }
    if (product.isBlank() || product.length() > 64) {
      throw PlatformProblem.badRequest("product must be 1-64 chars");
    }
    Map<Category, CategoryRule> rules = new EnumMap<>(Category.class);
    try {
      body.rules().forEach((k, v) -> rules.put(Category.fromWire(k), v.toRule()));
      new Policy(product, group, rules, 0); // validates thresholds
    } catch (IllegalArgumentException e) {
      throw PlatformProblem.badRequest(e.getMessage()).with("field", "rules");
    }
    return Mono.fromCallable(
            () -> PolicyView.of(registry.put(product, group, rules, caller.userId(), reason)))
        .subscribeOn(Schedulers.boundedElastic());
  }

  private static AgeGroup ageGroup(String s) {
    try {
      return AgeGroup.fromClaim(s);
    } catch (IllegalArgumentException e) {
      throw PlatformProblem.badRequest("age group is minor or adult").with("field", "age_group");
    }
  }
}
