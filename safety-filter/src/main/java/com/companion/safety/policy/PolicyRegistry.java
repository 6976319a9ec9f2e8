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
  private volatile Map<String, Policy> policies = Map.of();

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
    Policy p = policies.get(key(product, ageGroup));
    if (p == null) {
      p = policies.get(key(Policy.ANY_PRODUCT, ageGroup));
    }
    return p != null ? p : DefaultPolicies.forAgeGroup(ageGroup);
  }

  public List<Policy> stored() {
    return List.copyOf(policies.values());
  }

  /** Stores a policy and makes every replica use it. Blocking. */
  public Policy put(
      String product, AgeGroup ageGroup, Map<Category, CategoryRule> rules, String actor) {
    Policy p = store.put(product, ageGroup, rules, actor);
    notifier.publish("policy");
    return p;
  }

  public void reload() {
    Map<String, Policy> m = new ConcurrentHashMap<>();
    for (Policy p : store.all()) {
      m.put(key(p.product(), p.ageGroup()), p);
    }
    policies = m;
  }

  private static String key(String product, AgeGroup ageGroup) {
    return (product == null ? Policy.ANY_PRODUCT : product) + "|" + ageGroup;
  }
}
