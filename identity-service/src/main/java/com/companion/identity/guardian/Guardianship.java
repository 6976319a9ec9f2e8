package com.companion.identity.guardian;

import java.time.Instant;
import java.util.UUID;

/** A guardian's consent for one minor and the daily limit they set (null: no limit). */
public record Guardianship(
    UUID minorId, UUID guardianId, boolean granted, Integer dailyLimitMinutes, Instant updatedAt) {}
