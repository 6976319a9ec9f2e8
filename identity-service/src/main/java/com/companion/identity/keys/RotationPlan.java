package com.companion.identity.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * When keys sign, when the next one is made, and when old ones leave the JWKS.
 *
 * <p>Every replica derives the signing key from the same table and the time alone (the key with the
 * latest {@code activates_at} not in the future), so replicas switch together without talking to
 * each other. A new key is created {@code publishAhead} before it activates: verifiers that cache
 * the JWKS fetch it before the first token it signs. A key that no longer signs stays published
 * until every token it could have signed has expired ({@code retireAfter}).
 */
public record RotationPlan(Duration rotationPeriod, Duration publishAhead, Duration tokenLifetime) {

  /** The activation and retirement times of one stored key. */
  public record KeyTimes(String kid, Instant activatesAt, Instant retireAfter) {}

  /** The key that signs at {@code now}. */
  public Optional<KeyTimes> signing(List<KeyTimes> keys, Instant now) {
    return keys.stream()
        .filter(key -> !key.activatesAt().isAfter(now))
        .max(Comparator.comparing(KeyTimes::activatesAt));
  }

  /** The activation time of a key to create now, or empty when none is due. */
  public Optional<Instant> nextActivation(List<KeyTimes> keys, Instant now) {
    Optional<KeyTimes> newest = keys.stream().max(Comparator.comparing(KeyTimes::activatesAt));
    if (newest.isEmpty()) {
      return Optional.of(now);
    }
    Instant due = newest.get().activatesAt().plus(rotationPeriod);
    if (now.isBefore(due.minus(publishAhead))) {
      return Optional.empty();
    }
    // a service that was down past the due time still announces the key before it signs
    Instant earliest = now.plus(publishAhead);
    return Optional.of(due.isBefore(earliest) ? earliest : due);
  }

  /**
   * The retirement time each key should have: its successor's activation plus the longest token
   * lifetime. The newest key has none.
   */
  public List<KeyTimes> withRetirement(List<KeyTimes> keys) {
    List<KeyTimes> sorted = new ArrayList<>(keys);
    sorted.sort(Comparator.comparing(KeyTimes::activatesAt));
    List<KeyTimes> result = new ArrayList<>(sorted.size());
    for (int i = 0; i < sorted.size(); i++) {
      KeyTimes key = sorted.get(i);
      Instant retire =
          i + 1 < sorted.size() ? sorted.get(i + 1).activatesAt().plus(tokenLifetime) : null;
      result.add(new KeyTimes(key.kid(), key.activatesAt(), retire));
    }
    return result;
  }

  /** Keys still in the JWKS at {@code now}. */
  public boolean published(KeyTimes key, Instant now) {
    return key.retireAfter() == null || now.isBefore(key.retireAfter());
  }
}
