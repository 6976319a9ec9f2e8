package com.companion.safety.config;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.platform.web.PlatformProblem;

/** Role checks: moderators work the queue; only admins change lexicons and policies. */
public final class Access {

  private Access() {}

  public static void requireModerator(PlatformPrincipal p) {
    if (!p.hasRole(Role.MODERATOR) && !p.hasRole(Role.ADMIN)) {
      throw PlatformProblem.forbidden("moderators only");
    }
  }

  public static void requireAdmin(PlatformPrincipal p) {
    if (!p.hasRole(Role.ADMIN)) {
      throw PlatformProblem.forbidden("admins only");
    }
  }
}
