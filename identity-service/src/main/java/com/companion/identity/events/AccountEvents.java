package com.companion.identity.events;

import com.companion.contracts.events.AccountDeleted;
import com.companion.contracts.events.Topics;
import java.time.Instant;

/**
 * Events of the identity service on topic {@link #TOPIC}, schema version 1, keyed by the account
 * id. The envelope's {@code userid} is the pseudonym, as on every topic. The contract each service
 * follows on {@code account.deleted} is in the module README.
 */
public final class AccountEvents {

  public static final String TOPIC = Topics.ACCOUNT_LIFECYCLE;
  public static final int SCHEMA_VERSION = 1;
  public static final String CREATED = "account.created";
  public static final String DELETED = AccountDeleted.TYPE;

  private AccountEvents() {}

  /** A new account. */
  public record Created(int schemaVersion, String ageGroup, boolean guardianConsentRequired) {}

  /**
   * An account was deleted: every service deletes or anonymises what it holds about the user.
   *
   * @param userId the raw account id (the tokens' {@code sub}), which services store; this is the
   *     one event that carries it, because services cannot find the user's rows without it
   * @param pseudonym the analytics pseudonym, for stores keyed by it
   * @param deletedAt when the account was deleted
   */
  public record Deleted(int schemaVersion, String userId, String pseudonym, Instant deletedAt) {}
}
