package com.companion.identity.access;

import java.util.Set;
import java.util.UUID;

/** The verified caller of an API request: the token's {@code sub}, product and roles. */
public record Caller(UUID accountId, String product, Set<String> roles, String ageGroup) {

  public Caller {
    roles = Set.copyOf(roles);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
