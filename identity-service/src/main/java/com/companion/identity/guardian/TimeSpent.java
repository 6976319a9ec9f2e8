package com.companion.identity.guardian;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Time spent chatting, estimated from turn times alone (the platform keeps no screen time). Turns
 * closer than the session gap belong to one session, which lasts from its first turn to its last;
 * every session counts at least one minute, for reading and typing the first message. Days are UTC
 * days: the account holds no time zone. A session across midnight counts on each day for its part
 * of that day, so none of its time is lost.
 */
public final class TimeSpent {

  private static final Duration MINIMUM_SESSION = Duration.ofMinutes(1);

  private TimeSpent() {}

  /** Minutes per UTC day over the given turns. */
  public static Map<LocalDate, Long> minutesPerDay(
      List<ChatActivity.Turn> turns, Duration sessionGap) {
    List<ChatActivity.Turn> sorted = new ArrayList<>(turns);
    sorted.sort(Comparator.comparing(ChatActivity.Turn::at));
    Map<LocalDate, Duration> perDay = new TreeMap<>();
    ChatActivity.Turn sessionStart = null;
    ChatActivity.Turn previous = null;
    for (ChatActivity.Turn turn : sorted) {
      boolean sameSession =
          previous != null && Duration.between(previous.at(), turn.at()).compareTo(sessionGap) <= 0;
      if (!sameSession) {
        close(perDay, sessionStart, previous);
        sessionStart = turn;
      }
      previous = turn;
    }
    close(perDay, sessionStart, previous);
    Map<LocalDate, Long> minutes = new LinkedHashMap<>();
    perDay.forEach((day, time) -> minutes.put(day, (time.toSeconds() + 59) / 60));
    return minutes;
  }

  private static void close(
      Map<LocalDate, Duration> perDay, ChatActivity.Turn start, ChatActivity.Turn end) {
    if (start == null) {
      return;
    }
    if (Duration.between(start.at(), end.at()).compareTo(MINIMUM_SESSION) < 0) {
      perDay.merge(day(start.at()), MINIMUM_SESSION, Duration::plus);
      return;
    }
    Instant from = start.at();
    while (!day(from).equals(day(end.at()))) {
      Instant midnight = day(from).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      perDay.merge(day(from), Duration.between(from, midnight), Duration::plus);
      from = midnight;
    }
    perDay.merge(day(from), Duration.between(from, end.at()), Duration::plus);
  }

  private static LocalDate day(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC);
  }
}
