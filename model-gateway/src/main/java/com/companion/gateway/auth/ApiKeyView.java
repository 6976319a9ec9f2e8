package com.companion.gateway.auth;

import java.time.Instant;

/** An API key as the admin API lists it: never the secret, only its first characters. */
public record ApiKeyView(
    String id,
    String name,
    String product,
    String keyPrefix,
    Integer rpmLimit,
    Integer tpmLimit,
    String createdBy,
    Instant createdAt,
    Instant revokedAt) {}
