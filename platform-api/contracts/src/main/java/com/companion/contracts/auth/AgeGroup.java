package com.companion.contracts.auth;

import java.util.Locale;

/** The {@code age_group} claim; minors get the strictest safety policy and extra notices. */
public enum AgeGroup {
  MINOR,
  ADULT;

  public String claimValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AgeGroup fromClaim(String value) {
    return AgeGroup.valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
