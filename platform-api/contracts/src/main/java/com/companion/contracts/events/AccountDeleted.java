package com.companion.contracts.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * identity-service's {@code account.deleted} on {@link Topics#ACCOUNT_LIFECYCLE}, as every service
 * that holds a user's data reads it. It is the only event that carries the raw account id (the
 * {@code sub} services store), so that each can find that user's rows.
 *
 * @param eventId the CloudEvent id, a UUID: what a consumer de-duplicates by
 * @param product the product the account belongs to; accounts are per product
 * @param userId the account id, the tokens' {@code sub}
 * @param pseudonym the pseudonym events already carry for this user (may be null)
 */
public record AccountDeleted(UUID eventId, String product, String userId, String pseudonym) {

  public static final String TYPE = "account.deleted";

  /** What stands for a deleted account where a record of it stays, before its pseudonym. */
  public static final String TOMBSTONE_PREFIX = "deleted-user:";

  private static final JsonMapper JSON =
      JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  /**
   * Reads one {@code account.lifecycle} message: empty for another type of account event.
   *
   * @throws IllegalArgumentException when the message does not parse, or an {@code account.deleted}
   *     lacks its id, product or user id
   */
  public static Optional<AccountDeleted> read(String message) {
    CloudEvent event;
    try {
      event = JSON.readValue(message, CloudEvent.class);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not a CloudEvent: " + e.getOriginalMessage(), e);
    }
    if (!TYPE.equals(event.type())) {
      return Optional.empty();
    }
    String userId = event.data() == null ? null : event.data().path("user_id").asString(null);
    if (event.id() == null || userId == null || userId.isBlank() || event.product() == null) {
      throw new IllegalArgumentException("account.deleted without id, user_id or product");
    }
    return Optional.of(
        new AccountDeleted(
            UUID.fromString(event.id()),
            event.product(),
            userId,
            event.data().path("pseudonym").asString(null)));
  }

  /**
   * What stands for this account in the records a service keeps after the deletion: {@link
   * #tombstone(String)} of its pseudonym.
   */
  public String tombstone() {
    return tombstone(pseudonym);
  }

  /**
   * What stands for a deleted account in the records that stay: {@value #TOMBSTONE_PREFIX} and its
   * pseudonym, which keeps the records about one deleted account together without naming it; the
   * bare prefix when the event carries no pseudonym.
   */
  public static String tombstone(String pseudonym) {
    return TOMBSTONE_PREFIX + (pseudonym == null ? "" : pseudonym);
  }

  /** How a service records that it is done with this user: the SHA-256 of the id, in hex. */
  public String userHash() {
    return hash(userId);
  }

  /** The SHA-256 of an account id, in hex, as {@link #userHash()} gives it. */
  public static String hash(String userId) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
