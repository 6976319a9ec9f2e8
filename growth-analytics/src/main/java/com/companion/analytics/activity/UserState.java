package com.companion.analytics.activity;

import java.util.List;
import java.util.Map;

/**
 * What the stream remembers about one user of one product.
 *
 * @param firstDay the UTC epoch day the user was first seen
 * @param activeDays epoch days with activity, ascending, the last {@link
 *     UserActivityProcessor#KEPT_DAYS} days only
 * @param sessions recent sessions, ascending by start
 * @param funnel how far the user got in the funnel
 * @param chatted per character: the first day the user chatted with it, and whether they were back
 *     on day 7
 */
public record UserState(
    Long firstDay,
    List<Long> activeDays,
    List<Session> sessions,
    Funnel funnel,
    Map<String, Chatter> chatted) {

  public static final UserState NEW =
      new UserState(null, List.of(), List.of(), Funnel.NONE, Map.of());

  /** Activity from {@code start} to {@code end} (epoch ms) without a pause as long as the gap. */
  public record Session(long start, long end) {

    long lengthMs() {
      return end - start;
    }
  }

  /**
   * The times (epoch ms) the funnel is decided from, so the steps do not depend on the order in
   * which the topics deliver: each list keeps the earliest few, ascending.
   *
   * @param impressions the earliest character impression, at most one
   * @param pages the earliest character-page views
   * @param messages the earliest user messages
   */
  public record Funnel(List<Long> impressions, List<Long> pages, List<Long> messages) {

    static final Funnel NONE = new Funnel(List.of(), List.of(), List.of());
  }

  public record Chatter(long firstDay, boolean returnedDay7) {}
}
