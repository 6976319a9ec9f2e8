package com.companion.character;

import com.companion.character.card.CardLimits;
import com.companion.contracts.events.Topics;
import com.companion.platform.events.ConsumerSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the character service, prefix {@code character}.
 *
 * @param limits what a card may hold; see the module README for the table
 * @param maxJsonBodyBytes largest JSON request body (create, update, JSON import)
 * @param maxImportBytes largest card file accepted by import (PNG or JSON)
 * @param maxAvatarBytes largest avatar image
 * @param maxPersonasPerUser personas one user may keep
 * @param trending how the trending score weighs and forgets signals
 * @param defaultPageSize items per page when a list request names no {@code limit}
 * @param maxPageSize the largest {@code limit} a list request may ask for
 * @param safetyDecisions the consumer of the moderation queue's approve / reject / unpublish
 *     ({@code safety.decision}, group {@code character-service.safety-decisions}); off, decisions
 *     are only taken through {@code POST /v1/characters/{id}/review}
 * @param accountDeletions the consumer of {@code account.deleted} ({@code account.lifecycle}, group
 *     {@code character-service.account-deletions}): a deleted account's characters, personas and
 *     likes go; off, nothing is deleted here when an account is
 */
@ConfigurationProperties("character")
public record CharacterProperties(
    @NestedConfigurationProperty @DefaultValue CardLimits limits,
    @DefaultValue("4194304") int maxJsonBodyBytes,
    @DefaultValue("16777216") int maxImportBytes,
    @DefaultValue("8388608") int maxAvatarBytes,
    @DefaultValue("100") int maxPersonasPerUser,
    @DefaultValue Trending trending,
    @DefaultValue("20") int defaultPageSize,
    @DefaultValue("100") int maxPageSize,
    @DefaultValue ConsumerSettings safetyDecisions,
    @DefaultValue ConsumerSettings accountDeletions) {

  public CharacterProperties {
    safetyDecisions =
        safetyDecisions.orDefaults(Topics.SAFETY_DECISION, "character-service.safety-decisions");
    accountDeletions =
        accountDeletions.orDefaults(
            Topics.ACCOUNT_LIFECYCLE, "character-service.account-deletions");
  }

  /**
   * Trending score: every signal adds {@code weight · 2^(-(now - t) / halfLife)}; see the README.
   *
   * @param halfLife after this long a signal counts half
   * @param chatWeight a user starting a chat (counted once per user and UTC day)
   * @param likeWeight a like (removed again on unlike)
   * @param publishWeight the approval itself, so a new character gets a first chance to be seen
   */
  public record Trending(
      @DefaultValue("24h") Duration halfLife,
      @DefaultValue("1.0") double chatWeight,
      @DefaultValue("2.0") double likeWeight,
      @DefaultValue("1.0") double publishWeight) {}
}
