package com.companion.probe.own;

import com.companion.contracts.auth.Role;
import com.companion.testkit.ArchitectureRules;

/** A class of a probe service that uses only what every module may use. */
public final class UsesSharedLibraries {

  private UsesSharedLibraries() {}

  public static String describe() {
    return Role.ADMIN + " " + ArchitectureRules.class.getSimpleName();
  }
}
