package com.companion.safety.config;

import com.companion.contracts.events.Topics;
import com.companion.platform.events.ConsumerSettings;
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
 * @param characterReviews the consumer of character publication reviews ({@code
 *     character.review_requested} on {@code character.lifecycle}, group {@code
 *     safety-filter.character-reviews}); off, character reviews enter only through {@code POST
 *     /internal/v1/character-reviews}
 * @param accountDeletions the consumer of {@code account.deleted} ({@code account.lifecycle}, group
 *     {@code safety-filter.account-deletions}): what this service holds about a deleted account is
 *     erased; off, nothing is erased here when an account is deleted (tests of other features only)
 */
@ConfigurationProperties("safety")
public record SafetyProperties(
    String modelPath,
    @DefaultValue("safety:changes") String changesChannel,
    @DefaultValue("30s") Duration refreshInterval,
    @DefaultValue("10m") Duration streamTtl,
    @DefaultValue Strikes strikes,
    Map<String, Map<String, SupportText>> support,
    @DefaultValue ConsumerSettings characterReviews,
    @DefaultValue ConsumerSettings accountDeletions) {

  public SafetyProperties {
    characterReviews =
        characterReviews.orDefaults(Topics.CHARACTER_LIFECYCLE, "safety-filter.character-reviews");
    accountDeletions =
        accountDeletions.orDefaults(Topics.ACCOUNT_LIFECYCLE, "safety-filter.account-deletions");
  }

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
}
