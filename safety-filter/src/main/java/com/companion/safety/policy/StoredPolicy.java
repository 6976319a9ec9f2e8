package com.companion.safety.policy;

import java.time.Instant;

/**
 * A policy as stored: the rules and version, with who made this version, when, and why. The
 * built-in defaults, and versions stored before reasons were asked for, have no reason.
 */
public record StoredPolicy(Policy policy, String updatedBy, Instant updatedAt, String reason) {

  static StoredPolicy builtIn(Policy policy) {
    return new StoredPolicy(policy, null, null, null);
  }
}
