package com.companion.safety.config;

import com.companion.safety.moderation.SupportText;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the safety service ({@code safety.*}).
 *
 * @param modelPath the classifier file; empty = the one shipped in the jar
 * @param changesChannel Redis channel on which replicas announce lexicon and policy changes
 * @param refreshInterval every replica also reloads on this period, in case a message was lost
 * @param streamTtl an idle moderation stream is forgotten after this long
 * @param strikes when strikes escalate to suspensions
 * @param support what someone who signals self-harm is shown, per product ({@code *} = every
 *     product) and language ({@code zh}, {@code en}); the built-in texts and help lines of {@link
 *     com.companion.safety.moderation.SupportDirectory} apply where nothing is set
 * @param characterReviews the consumer of character publication reviews
 * @param accountDeletions the consumer of {@code account.deleted} ({@code account.lifecycle})
 */
@ConfigurationProperties("safety")
public record SafetyProperties(
    String modelPath,
    @DefaultValue("safety:changes") String changesChannel,
    @DefaultValue("30s") Duration refreshInterval,
    @DefaultValue("10m") Duration streamTtl,
    @DefaultValue Strikes strikes,
    Map<String, Map<String, SupportText>> support,
    @DefaultValue CharacterReviews characterReviews,
    @DefaultValue AccountDeletions accountDeletions) {

  /**
   * @param suspendAt strike count at which a user is suspended automatically
   * @param suspension how long that automatic suspension lasts
   * @param longSuspendAt strike count for the long suspension
   * @param longSuspension how long the long suspension lasts
   */
  public record Strikes(
      @DefaultValue("3") int suspendAt,
      @DefaultValue("1d") Duration suspension,
      @DefaultValue("5") int longSuspendAt,
      @DefaultValue("30d") Duration longSuspension) {}

  /**
   * Consuming {@code character.review_requested} from {@code character.lifecycle}.
   *
   * @param consume off: character reviews enter only through {@code POST
   *     /internal/v1/character-reviews}
   * @param topic the topic to read
   * @param groupId the consumer group (all replicas share it: each event is handled once)
   * @param retryBackoff pause before retrying an event that could not be stored (database down)
   */
  public record CharacterReviews(
      @DefaultValue("true") boolean consume,
      @DefaultValue("character.lifecycle") String topic,
      @DefaultValue("safety-filter.character-reviews") String groupId,
      @DefaultValue("2s") Duration retryBackoff) {}

  /**
   * Consuming {@code account.deleted}: what this service holds about a deleted account is erased.
   *
   * @param consume off: nothing is erased here when an account is deleted (tests of other features
   *     only)
   * @param topic the topic to read
   * @param groupId the consumer group (all replicas share it: each event is applied once)
   * @param retryBackoff pause before retrying an event that could not be applied (database down)
   */
  public record AccountDeletions(
      @DefaultValue("true") boolean consume,
      @DefaultValue("account.lifecycle") String topic,
      @DefaultValue("safety-filter.account-deletions") String groupId,
      @DefaultValue("2s") Duration retryBackoff) {}
}
