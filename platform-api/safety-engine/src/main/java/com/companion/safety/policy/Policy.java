package com.companion.safety.policy;

import com.companion.contracts.auth.AgeGroup;
import com.companion.safety.moderation.Category;
import java.util.EnumMap;
import java.util.Map;

/**
 * The rules of one product for one age group. {@code product} {@code "*"} is the default used by
 * products without their own policy. Categories without a rule are allowed.
 */
public record Policy(
    String product, AgeGroup ageGroup, Map<Category, CategoryRule> rules, long version) {

  public static final String ANY_PRODUCT = "*";

  public Policy {
    rules = rules.isEmpty() ? Map.of() : new EnumMap<>(rules);
    rules.forEach((c, r) -> r.validate(c.wireName()));
  }

  public CategoryRule rule(Category c) {
    return rules.get(c);
  }
}
