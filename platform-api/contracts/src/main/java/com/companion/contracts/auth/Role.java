package com.companion.contracts.auth;

import java.util.Locale;

/** The roles a platform token can carry in its {@code roles} claim. */
public enum Role {
  USER,
  CREATOR,
  MODERATOR,
  /** Reads the growth-analytics figures. */
  ANALYST,
  ADMIN;

  public String claimValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromClaim(String value) {
    return Role.valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
