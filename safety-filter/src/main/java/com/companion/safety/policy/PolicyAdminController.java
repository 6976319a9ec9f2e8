package com.companion.safety.policy;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.PlatformProblem;
import com.companion.safety.config.Access;
import com.companion.safety.moderation.Category;
import com.companion.safety.policy.internal.PolicyStore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code /v1/admin/policies}: policies per product ({@code *} = every product without its own) and
 * age group. Moderators and admins read, admins change; a change applies on every replica within
 * seconds, no restart.
 */
@RestController
public class PolicyAdminController {

  /** A policy on the wire. */
  public record PolicyView(
      String product, String ageGroup, long version, boolean builtIn, Map<String, RuleView> rules) {
    static PolicyView of(Policy p) {
      return new PolicyView(
          p.product(),
          p.ageGroup().claimValue(),
          p.version(),
          p.version() == 0,
          PolicyStore.render(p.rules()));
    }
  }

  /** Body of a change: the whole rule set (categories left out are allowed). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PutPolicy(Map<String, RuleView> rules) {}

  /** Stored policies and the built-in defaults. */
  public record PoliciesView(List<PolicyView> items, List<PolicyView> builtIn) {}

  private final PolicyRegistry registry;

  public PolicyAdminController(PolicyRegistry registry) {
    this.registry = registry;
  }

  @GetMapping("/v1/admin/policies")
  public PoliciesView list(PlatformPrincipal caller) {
    Access.requireModerator(caller);
    return new PoliciesView(
        registry.stored().stream().map(PolicyView::of).toList(),
        List.of(
            PolicyView.of(DefaultPolicies.forAgeGroup(AgeGroup.MINOR)),
            PolicyView.of(DefaultPolicies.forAgeGroup(AgeGroup.ADULT))));
  }

  @GetMapping("/v1/admin/policies/{product}/{ageGroup}")
  public PolicyView effective(
      @PathVariable String product, @PathVariable String ageGroup, PlatformPrincipal caller) {
    Access.requireModerator(caller);
    return PolicyView.of(registry.policyFor(product, ageGroup(ageGroup)));
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
            () -> PolicyView.of(registry.put(product, group, rules, caller.userId())))
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
