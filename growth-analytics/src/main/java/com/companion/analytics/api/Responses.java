package com.companion.analytics.api;

import com.companion.analytics.guard.LatestVerdict;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The analytics API's response bodies (snake_case on the wire). Rates are 0..1, null for 0/0. */
public final class Responses {

  private Responses() {}

  public record DailyReport(String product, List<Day> days) {}

  public record Day(
      LocalDate date,
      long dau,
      long wau,
      long mau,
      long newUsers,
      long messages,
      long conversations,
      long sessions,
      double avgSessionMinutes) {}

  public record SafetyReport(String product, List<SafetyDay> days) {}

  public record SafetyDay(
      LocalDate date,
      long turns,
      long flagged,
      long blocked,
      long reports,
      long moderationActions,
      Double flagRate,
      Double blockRate,
      Double reportRate) {}

  public record RetentionReport(String product, List<Cohort> cohorts) {}

  /** D1/D7/D30: share of the cohort active on that day after first seen; null until it came. */
  public record Cohort(LocalDate date, long size, Double d1, Double d7, Double d30) {}

  public record FunnelReport(
      String product, LocalDate from, LocalDate to, List<FunnelStep> steps) {}

  public record FunnelStep(String step, long users, Double fromPrevious, Double fromStart) {}

  public record TopCharacters(String product, LocalDate date, List<CharacterDay> items) {}

  public record CharacterDay(
      String characterId,
      long chats,
      long messages,
      Double messagesPerConversation,
      long likes,
      long newChatters,
      Double d7Retention) {}

  public record TopCreators(String product, LocalDate date, List<CreatorDay> items) {}

  /**
   * One creator's day across their characters.
   *
   * @param creatorId the creator's pseudonym, as events carry it
   * @param d7Retention of the new chatters, the share back on day 7; null until day 7 has come
   */
  public record CreatorDay(
      String creatorId,
      long activeCharacters,
      long chats,
      long messages,
      long chatters,
      long likes,
      long newChatters,
      Double d7Retention) {}

  /** The caller's own creator figures, one entry per day. */
  public record OwnCreatorReport(
      String product, LocalDate from, LocalDate to, List<OwnCreatorDay> days) {}

  public record OwnCreatorDay(
      LocalDate date,
      long activeCharacters,
      long chats,
      long messages,
      long chatters,
      long likes,
      long newChatters,
      Double d7Retention) {}

  public record ModelQuality(
      String alias,
      LocalDate from,
      LocalDate to,
      List<VersionQuality> versions,
      LatestVerdict verdict) {}

  public record VersionQuality(
      String version,
      long turns,
      long conversations,
      Double turnsPerConversation,
      long ratings,
      Double ratingMean,
      Map<String, Long> ratingDistribution,
      Double regenerateRate,
      long conversationsStarted,
      Double earlyAbandonRate,
      Long ttftP50Ms,
      Long ttftP95Ms) {}

  public record DeadLetterReport(List<DeadLetterDay> days) {}

  public record DeadLetterDay(LocalDate date, long events, Map<String, Long> byReason) {}
}
