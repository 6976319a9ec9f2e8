package com.companion.analytics.api;

import static com.companion.analytics.figure.FigureKind.CHARACTER;
import static com.companion.analytics.figure.FigureKind.COHORT;
import static com.companion.analytics.figure.FigureKind.CREATOR;
import static com.companion.analytics.figure.FigureKind.DAILY;
import static com.companion.analytics.figure.FigureKind.DEAD_LETTER;
import static com.companion.analytics.figure.FigureKind.FUNNEL;
import static com.companion.analytics.figure.FigureKind.MODEL;
import static com.companion.analytics.figure.FigureKind.MODEL_ALIAS;

import com.companion.analytics.api.Responses.CharacterDay;
import com.companion.analytics.api.Responses.Cohort;
import com.companion.analytics.api.Responses.CreatorDay;
import com.companion.analytics.api.Responses.DailyReport;
import com.companion.analytics.api.Responses.Day;
import com.companion.analytics.api.Responses.DeadLetterDay;
import com.companion.analytics.api.Responses.DeadLetterReport;
import com.companion.analytics.api.Responses.FunnelReport;
import com.companion.analytics.api.Responses.FunnelStep;
import com.companion.analytics.api.Responses.ModelQuality;
import com.companion.analytics.api.Responses.OwnCreatorDay;
import com.companion.analytics.api.Responses.OwnCreatorReport;
import com.companion.analytics.api.Responses.RetentionReport;
import com.companion.analytics.api.Responses.SafetyDay;
import com.companion.analytics.api.Responses.SafetyReport;
import com.companion.analytics.api.Responses.TopCharacters;
import com.companion.analytics.api.Responses.TopCreators;
import com.companion.analytics.api.Responses.VersionQuality;
import com.companion.analytics.figure.Fields;
import com.companion.analytics.figure.TtftHistogram;
import com.companion.analytics.guard.LatestVerdict;
import com.companion.analytics.readmodel.FigureRows;
import com.companion.analytics.readmodel.FigureRows.Row;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Turns read-model rows into the API's reports; every rate is computed here from counters. */
public final class Reports {

  private final FigureRows rows;
  private final Clock clock;

  public Reports(FigureRows rows, Clock clock) {
    this.rows = rows;
    this.clock = clock;
  }

  LocalDate today() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC));
  }

  DailyReport daily(String product, LocalDate from, LocalDate to) {
    Map<LocalDate, Row> byDay = byDay(rows.find(DAILY, product, from, to));
    List<Day> days = new ArrayList<>();
    for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
      Row row = byDay.get(date);
      Map<String, Long> f = row == null ? Map.of() : row.fields();
      long sessions = f.getOrDefault(Fields.SESSIONS, 0L);
      days.add(
          new Day(
              date,
              f.getOrDefault(Fields.DAU, 0L),
              f.getOrDefault(Fields.WAU, 0L),
              f.getOrDefault(Fields.MAU, 0L),
              f.getOrDefault(Fields.NEW_USERS, 0L),
              f.getOrDefault(Fields.MESSAGES, 0L),
              f.getOrDefault(Fields.CONVERSATIONS, 0L),
              sessions,
              sessions == 0
                  ? 0.0
                  : round(f.getOrDefault(Fields.SESSION_MS, 0L) / 60_000.0 / sessions)));
    }
    return new DailyReport(product, days);
  }

  SafetyReport safety(String product, LocalDate from, LocalDate to) {
    Map<LocalDate, Row> byDay = byDay(rows.find(DAILY, product, from, to));
    List<SafetyDay> days = new ArrayList<>();
    for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
      Row row = byDay.get(date);
      Map<String, Long> f = row == null ? Map.of() : row.fields();
      long turns = f.getOrDefault(Fields.TURNS, 0L);
      long messages = f.getOrDefault(Fields.MESSAGES, 0L);
      days.add(
          new SafetyDay(
              date,
              turns,
              f.getOrDefault(Fields.FLAGGED, 0L),
              f.getOrDefault(Fields.BLOCKED, 0L),
              f.getOrDefault(Fields.REPORTS, 0L),
              f.getOrDefault(Fields.MODERATION_ACTIONS, 0L),
              rate(f.getOrDefault(Fields.FLAGGED, 0L), turns),
              rate(f.getOrDefault(Fields.BLOCKED, 0L), turns),
              rate(f.getOrDefault(Fields.REPORTS, 0L), messages)));
    }
    return new SafetyReport(product, days);
  }

  RetentionReport retention(String product, LocalDate from, LocalDate to) {
    LocalDate today = today();
    List<Cohort> cohorts = new ArrayList<>();
    for (Row row : rows.find(COHORT, product, from, to)) {
      LocalDate date = row.key().day();
      long size = row.get(Fields.SIZE);
      if (size <= 0) {
        continue;
      }
      cohorts.add(
          new Cohort(
              date,
              size,
              measured(row, Fields.D1, size, date.plusDays(1), today),
              measured(row, Fields.D7, size, date.plusDays(7), today),
              measured(row, Fields.D30, size, date.plusDays(30), today)));
    }
    return new RetentionReport(product, cohorts);
  }

  /** Null until the day it measures has begun. */
  private static Double measured(Row row, String field, long size, LocalDate on, LocalDate today) {
    return on.isAfter(today) ? null : rate(row.get(field), size);
  }

  FunnelReport funnel(String product, LocalDate from, LocalDate to) {
    Map<String, Long> sum = sum(rows.find(FUNNEL, product, from, to));
    List<String> order =
        List.of(
            Fields.IMPRESSION,
            Fields.CHARACTER_PAGE,
            Fields.FIRST_MESSAGE,
            Fields.FIFTH_MESSAGE,
            Fields.NEXT_DAY);
    List<FunnelStep> steps = new ArrayList<>();
    long start = sum.getOrDefault(Fields.IMPRESSION, 0L);
    long previous = start;
    for (String step : order) {
      long users = sum.getOrDefault(step, 0L);
      steps.add(new FunnelStep(step, users, rate(users, previous), rate(users, start)));
      previous = users;
    }
    return new FunnelReport(product, from, to, steps);
  }

  TopCharacters topCharacters(String product, LocalDate date, int limit) {
    List<CharacterDay> items = new ArrayList<>();
    for (Row row : rows.top(CHARACTER, product, date, Fields.CHATS, limit)) {
      long chats = row.get(Fields.CHATS);
      long newChatters = row.get(Fields.NEW_CHATTERS);
      items.add(
          new CharacterDay(
              row.key().subject(),
              chats,
              row.get(Fields.MESSAGES),
              chats == 0 ? null : round((double) row.get(Fields.MESSAGES) / chats),
              row.get(Fields.LIKES),
              newChatters,
              d7(row, date, newChatters)));
    }
    return new TopCharacters(product, date, items);
  }

  TopCreators topCreators(String product, LocalDate date, int limit) {
    List<CreatorDay> items = new ArrayList<>();
    for (Row row : rows.top(CREATOR, product, date, Fields.CHATS, limit)) {
      long newChatters = row.get(Fields.NEW_CHATTERS);
      items.add(
          new CreatorDay(
              row.key().subject(),
              row.get(Fields.ACTIVE_CHARACTERS),
              row.get(Fields.CHATS),
              row.get(Fields.MESSAGES),
              row.get(Fields.CHATTERS),
              row.get(Fields.LIKES),
              newChatters,
              d7(row, date, newChatters)));
    }
    return new TopCreators(product, date, items);
  }

  /** One creator's figures, every day of the range (zeros where they had none). */
  OwnCreatorReport creator(String product, String creator, LocalDate from, LocalDate to) {
    Map<LocalDate, Row> byDay = byDay(rows.find(CREATOR, product, creator, from, to));
    List<OwnCreatorDay> days = new ArrayList<>();
    for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
      Row row = byDay.getOrDefault(date, new Row(null, Map.of()));
      long newChatters = row.get(Fields.NEW_CHATTERS);
      days.add(
          new OwnCreatorDay(
              date,
              row.get(Fields.ACTIVE_CHARACTERS),
              row.get(Fields.CHATS),
              row.get(Fields.MESSAGES),
              row.get(Fields.CHATTERS),
              row.get(Fields.LIKES),
              newChatters,
              d7(row, date, newChatters)));
    }
    return new OwnCreatorReport(product, from, to, days);
  }

  /** Null until day 7 after {@code date} has begun. */
  private Double d7(Row row, LocalDate date, long newChatters) {
    return date.plusDays(7).isAfter(today())
        ? null
        : rate(row.get(Fields.D7_RETURNED), newChatters);
  }

  /**
   * The versions of an alias are those the gateway served under it, and any version named after the
   * alias ({@code alias}, {@code alias@v2}, {@code alias/v2}, {@code alias:v2}).
   */
  ModelQuality modelQuality(String alias, LocalDate from, LocalDate to, LatestVerdict verdict) {
    Set<String> versions = new LinkedHashSet<>();
    for (Row row : rows.find(MODEL_ALIAS, "", from, to)) {
      String subject = row.key().subject();
      if (subject.startsWith(alias + "|")) {
        String version = subject.substring(alias.length() + 1);
        if (!version.isEmpty()) {
          versions.add(version);
        }
      }
    }
    Map<String, List<Row>> byVersion =
        rows.find(MODEL, "", from, to).stream()
            .collect(
                Collectors.groupingBy(
                    row -> row.key().subject(), TreeMap::new, Collectors.toList()));
    List<VersionQuality> out = new ArrayList<>();
    for (Map.Entry<String, List<Row>> entry : byVersion.entrySet()) {
      String version = entry.getKey();
      if (!versions.contains(version) && !namedAfter(version, alias)) {
        continue;
      }
      out.add(quality(version, sum(entry.getValue())));
    }
    return new ModelQuality(alias, from, to, out, verdict);
  }

  static VersionQuality quality(String version, Map<String, Long> f) {
    long turns = f.getOrDefault(Fields.TURNS, 0L);
    long ratings = f.getOrDefault(Fields.RATINGS, 0L);
    long conversations = f.getOrDefault(Fields.CONVERSATIONS, 0L);
    long started = f.getOrDefault(Fields.CONVERSATIONS_STARTED, 0L);
    Map<String, Long> distribution = new LinkedHashMap<>();
    for (int stars = 1; stars <= 4; stars++) {
      distribution.put(String.valueOf(stars), f.getOrDefault(Fields.STARS_PREFIX + stars, 0L));
    }
    return new VersionQuality(
        version,
        turns,
        conversations,
        conversations == 0 ? null : round((double) turns / conversations),
        ratings,
        ratings == 0 ? null : round((double) f.getOrDefault(Fields.STARS_SUM, 0L) / ratings),
        distribution,
        rate(f.getOrDefault(Fields.REGENERATES, 0L), turns),
        started,
        rate(f.getOrDefault(Fields.EARLY_ABANDONED, 0L), started),
        TtftHistogram.quantile(f, 0.50),
        TtftHistogram.quantile(f, 0.95));
  }

  DeadLetterReport deadLetters(LocalDate from, LocalDate to) {
    Map<LocalDate, Map<String, Long>> days = new TreeMap<>();
    for (Row row : rows.find(DEAD_LETTER, "", from, to)) {
      days.computeIfAbsent(row.key().day(), d -> new TreeMap<>())
          .put(row.key().subject(), row.get(Fields.EVENTS));
    }
    List<DeadLetterDay> out = new ArrayList<>();
    days.forEach(
        (date, reasons) ->
            out.add(
                new DeadLetterDay(
                    date, reasons.values().stream().mapToLong(Long::longValue).sum(), reasons)));
    return new DeadLetterReport(out);
  }

  private static boolean namedAfter(String version, String alias) {
    return version.equals(alias)
        || version.startsWith(alias + "@")
        || version.startsWith(alias + "/")
        || version.startsWith(alias + ":");
  }

  private static Map<LocalDate, Row> byDay(List<Row> found) {
    return found.stream()
        .collect(Collectors.toMap(row -> row.key().day(), Function.identity(), (a, b) -> a));
  }

  private static Map<String, Long> sum(List<Row> found) {
    Map<String, Long> sum = new HashMap<>();
    found.forEach(row -> row.fields().forEach((k, v) -> sum.merge(k, v, Long::sum)));
    return sum;
  }

  static Double rate(long part, long whole) {
    return whole <= 0 ? null : round((double) part / whole);
  }

  static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
