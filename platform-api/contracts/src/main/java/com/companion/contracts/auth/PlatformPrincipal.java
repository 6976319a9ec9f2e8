package com.companion.contracts.auth;

import java.util.Set;

/**
 * The authenticated caller, taken from a verified JWT: {@code sub}, {@code product}, {@code roles}
 * and {@code age_group}.
 */
public record PlatformPrincipal(String userId, String product, Set<Role> roles, AgeGroup ageGroup) {

  public PlatformPrincipal {
    roles = Set.copyOf(roles);
  }

  public boolean hasRole(Role role) {
    return roles.contains(role);
  }

  public boolean isMinor() {
    return ageGroup == AgeGroup.MINOR;
  }
}
