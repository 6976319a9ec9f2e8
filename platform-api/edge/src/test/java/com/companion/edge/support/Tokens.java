package com.companion.edge.support;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.testkit.TokenMinter;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/** Platform tokens for tests, signed with the local development settings the edge runs with. */
public final class Tokens {

  private static final TokenMinter MINTER = TokenMinter.local(Clock.systemUTC());

  private Tokens() {}

  public static String newUser() {
    return "u-" + UUID.randomUUID();
  }

  public static String forUser(String userId, String product) {
    return MINTER.mint(
        new PlatformPrincipal(userId, product, Set.of(Role.USER), AgeGroup.ADULT),
        Duration.ofMinutes(10));
  }

  /** A token of a fresh user of the seeded {@code glow} product with these roles. */
  public static String withRoles(Role... roles) {
    return MINTER.mint(
        new PlatformPrincipal(newUser(), "glow", Set.of(roles), AgeGroup.ADULT),
        Duration.ofMinutes(10));
  }

  /** A token of a fresh user of the seeded {@code glow} product. */
  public static String fresh() {
    return forUser(newUser(), "glow");
  }

  public static String bearer(String token) {
    return "Bearer " + token;
  }
}
