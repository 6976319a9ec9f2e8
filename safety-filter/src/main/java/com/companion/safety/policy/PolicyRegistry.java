package com.companion.safety.policy;

import com.companion.contracts.auth.AgeGroup;
import com.companion.safety.config.ChangeNotifier;
import com.companion.safety.moderation.Category;
import com.companion.safety.policy.internal.PolicyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The policies in force on this replica, reloaded when an admin changes one anywhere. Lookup order:
 * the product's own policy for the age group, the stored default ({@code *}), the built-in default
 * ({@link DefaultPolicies}).
 */
@Component
public class PolicyRegistry {

  private static final Logger log = LoggerFactory.getLogger(PolicyRegistry.class);

  private final PolicyStore store;
  private final ChangeNotifier notifier;
  private volatile Map<String, StoredPolicy> policies = Map.of();

  public PolicyRegistry(PolicyStore store, ChangeNotifier notifier) {
    this.store = store;
    this.notifier = notifier;
    try {
      reload();
    } catch (RuntimeException e) {
      log.warn("policy database unavailable, using built-in defaults: {}", e.toString());
    }
    notifier.onChange(
        kind -> {
          if (kind.equals("policy") || kind.equals("*")) {
            reload();
          }
        });
  }

  public Policy policyFor(String product, AgeGroup ageGroup) {
    return storedFor(product, ageGroup).policy();
  }

  /** The policy in force with who changed it last, when and why (none for a built-in one). */
  public StoredPolicy storedFor(String product, AgeGroup ageGroup) {
    StoredPolicy p = policies.get(key(product, ageGroup));
    if (p == null) {
      p = policies.get(key(Policy.ANY_PRODUCT, ageGroup));
    }
    return p != null ? p : StoredPolicy.builtIn(DefaultPolicies.forAgeGroup(ageGroup));
  }

  public List<Policy> stored() {
    return policies.values().stream().map(StoredPolicy::policy).toList();
  }

  /** The stored policies with who changed each last, when and why. */
  public List<StoredPolicy> storedWithChanges() {
    return List.copyOf(policies.values());
  }

  /** Stores a policy with the admin's reason and makes every replica use it. Blocking. */
  public StoredPolicy put(
      String product,
      AgeGroup ageGroup,
      Map<Category, CategoryRule> rules,
      String actor,
      String reason) {
    StoredPolicy p = store.put(product, ageGroup, rules, actor, reason);
    notifier.publish("policy");
    return p;
  }

  public void reload() {
    Map<String, StoredPolicy> m = new ConcurrentHashMap<>();
    for (StoredPolicy p : store.all()) {
      m.put(key(p.policy().product(), p.policy().ageGroup()), p);
    }
    policies = m;
  }

  private static String key(String product, AgeGroup ageGroup) {
    return (product == null ? Policy.ANY_PRODUCT : product) + "|" + ageGroup;
  }
}
