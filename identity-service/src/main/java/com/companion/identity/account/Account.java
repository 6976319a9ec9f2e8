package com.companion.identity.account;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

/** An account as stored; never serialised to clients (see {@link AccountView}). */
public record Account(
    UUID id,
    String username,
    String passwordHash,
    LocalDate birthDate,
    String product,
    String guardianContact,
    String pseudonym,
    Instant createdAt,
    Set<String> roles) {

  public Account {
    roles = Set.copyOf(roles);
  }
}
