package com.companion.analytics.activity;

import static com.companion.analytics.figure.FigureKind.CHARACTER;
import static com.companion.analytics.figure.FigureKind.COHORT;
import static com.companion.analytics.figure.FigureKind.DAILY;
import static com.companion.analytics.figure.FigureKind.FUNNEL;

import com.companion.analytics.activity.UserState.Chatter;
import com.companion.analytics.activity.UserState.Funnel;
import com.companion.analytics.activity.UserState.Session;
import com.companion.analytics.figure.Delta;
import com.companion.analytics.figure.DeltaEmitter;
import com.companion.analytics.figure.Fields;
import com.companion.analytics.figure.FigureKey;
import com.companion.analytics.intake.Fact;
import com.companion.analytics.intake.FactKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per user (keyed by {@code product|user}): active days, first-seen cohort, sessions, funnel and
 * the characters they chat with. It turns each activity into exact changes of distinct-user counts,
 * so DAU/WAU/MAU and retention need no approximate sketches and a late event only moves the counts
 * it really changes.
 */
public final class UserActivityProcessor implements Processor<String, Fact, String, Delta> {

  public static final String STORE = "user-activity";

  /** Active days older than this (behind the user's latest) are forgotten: D30 is then decided. */
  static final int KEPT_DAYS = 40;

  static final int WEEK = 7;
  static final int MONTH = 30;
  static final int FUNNEL_MESSAGES = 5;

  /** Page views and messages remembered for the funnel: the earliest ones decide it. */
  static final int KEPT_FUNNEL_TIMES = 16;

  public static final String IMPRESSION_EVENT = "character_impression";
  public static final String CHARACTER_PAGE_EVENT = "character_view";

  private static final long DAY_MS = Duration.ofDays(1).toMillis();

  private final long gapMs;
  private final long keepSessionsMs;
  private KeyValueStore<String, UserState> store;
  private DeltaEmitter out;

  /**
   * @param sessionGap a pause at least this long ends a session
   * @param grace how late an event may be; sessions are kept that long after they end
   */
  public UserActivityProcessor(Duration sessionGap, Duration grace) {
    this.gapMs = sessionGap.toMillis();
    this.keepSessionsMs = grace.toMillis() + sessionGap.toMillis();
  }

  @Override
  public void init(ProcessorContext<String, Delta> context) {
    this.store = context.getStateStore(STORE);
    this.out = new DeltaEmitter(context);
  }

  @Override
  public void process(Record<String, Fact> record) {
    Fact fact = record.value();
    if (fact != null && fact.forgetsUser()) {
      // a deleted account: its activity stays counted in the figures, which name nobody, and the
      // state that ties it to the pseudonym goes (the changelog gets a tombstone)
      store.delete(record.key());
      return;
    }
    if (fact == null || !fact.isUserActivity()) {
      return;
    }
    UserState before = store.get(record.key());
    UserState state = before == null ? UserState.NEW : before;
    long day = Math.floorDiv(fact.time(), DAY_MS);
    long ts = fact.time();
    String product = fact.product();

    List<Long> days = activeDays(product, state, day, ts);
    Long firstDay = cohort(product, state, days, day, ts);
    List<Session> sessions = sessions(product, state.sessions(), fact.time(), ts);
    Funnel funnel = funnel(product, state.funnel(), state.activeDays(), days, fact, ts);
    Map<String, Chatter> chatted = chatters(product, state.chatted(), fact, day, ts);

    store.put(record.key(), new UserState(firstDay, days, sessions, funnel, chatted));
  }

  /** DAU of the day; WAU and MAU of every day whose window the new active day enters first. */
  private List<Long> activeDays(String product, UserState state, long day, long ts) {
    TreeSet<Long> days = new TreeSet<>(state.activeDays());
    if (days.contains(day)) {
      return state.activeDays();
    }
    out.add(FigureKey.of(DAILY, product, day), Fields.DAU, 1, ts);
    for (long x = day; x < day + MONTH; x++) {
      Long previous = days.floor(x);
      boolean seenInMonth = previous != null && previous > x - MONTH;
      if (!seenInMonth) {
        out.add(FigureKey.of(DAILY, product, x), Fields.MAU, 1, ts);
      }
      if (x < day + WEEK && !(previous != null && previous > x - WEEK)) {
        out.add(FigureKey.of(DAILY, product, x), Fields.WAU, 1, ts);
      }
    }
    days.add(day);
    long newest = days.last();
    return new ArrayList<>(days.tailSet(newest - KEPT_DAYS, true));
  }

  /** New users and D1/D7/D30 by first-seen day; an earlier late event moves the user's cohort. */
  private Long cohort(String product, UserState state, List<Long> days, long day, long ts) {
    Long first = state.firstDay();
    Long newFirst = first == null || day < first ? day : first;
    Map<String, Long> before = first == null ? Map.of() : retention(first, state.activeDays());
    Map<String, Long> after = retention(newFirst, days);
    if (newFirst.equals(first)) {
      Map<String, Long> change = new HashMap<>();
      after.forEach((field, value) -> change.merge(field, value, Long::sum));
      before.forEach((field, value) -> change.merge(field, -value, Long::sum));
      out.add(FigureKey.of(COHORT, product, newFirst), new Delta(change), ts);
      return first;
    }
    if (first != null) {
      Map<String, Long> leave = new HashMap<>();
      before.forEach((field, value) -> leave.put(field, -value));
      leave.put(Fields.SIZE, -1L);
      out.add(FigureKey.of(COHORT, product, first), new Delta(leave), ts);
      out.add(FigureKey.of(DAILY, product, first), Fields.NEW_USERS, -1, ts);
    }
    Map<String, Long> join = new HashMap<>(after);
    join.put(Fields.SIZE, 1L);
    out.add(FigureKey.of(COHORT, product, newFirst), new Delta(join), ts);
    out.add(FigureKey.of(DAILY, product, newFirst), Fields.NEW_USERS, 1, ts);
    return newFirst;
  }

  private static Map<String, Long> retention(long first, List<Long> days) {
    return Map.of(
        Fields.D1, days.contains(first + 1) ? 1L : 0L,
        Fields.D7, days.contains(first + WEEK) ? 1L : 0L,
        Fields.D30, days.contains(first + MONTH) ? 1L : 0L);
  }

  /**
   * Merges the event into the user's sessions: it extends or joins every session it falls within a
   * gap of. Each session counts on the day it starts; merged sessions are taken back first.
   */
  private List<Session> sessions(String product, List<Session> sessions, long time, long ts) {
    long start = time;
    long end = time;
    List<Session> kept = new ArrayList<>();
    boolean changed = true;
    List<Session> merged = new ArrayList<>();
    for (Session session : sessions) {
      if (session.start() - gapMs < end && start < session.end() + gapMs) {
        merged.add(session);
        start = Math.min(start, session.start());
        end = Math.max(end, session.end());
      } else {
        kept.add(session);
      }
    }
    if (merged.size() == 1
        && merged.getFirst().start() == start
        && merged.getFirst().end() == end) {
      changed = false;
    }
    if (changed) {
      for (Session gone : merged) {
        out.add(
            FigureKey.of(DAILY, product, Math.floorDiv(gone.start(), DAY_MS)),
            Delta.of(Fields.SESSIONS, -1, Fields.SESSION_MS, -gone.lengthMs()),
            ts);
      }
      Session now = new Session(start, end);
      out.add(
          FigureKey.of(DAILY, product, Math.floorDiv(start, DAY_MS)),
          Delta.of(Fields.SESSIONS, 1, Fields.SESSION_MS, now.lengthMs()),
          ts);
      kept.add(now);
    } else {
      kept.add(merged.getFirst());
    }
    long newest = kept.stream().mapToLong(Session::end).max().orElse(time);
    return kept.stream()
        .filter(session -> session.end() >= newest - keepSessionsMs)
        .sorted((a, b) -> Long.compare(a.start(), b.start()))
        .toList();
  }

  /**
   * Impression, character page, first message, fifth message, back the day after the first message:
   * each step counts once per user, on the day of the user's first impression, and only after the
   * step before it in event time. The steps are a function of the remembered times, so a replay
   * that delivers the topics in another order ends with the same funnel.
   */
  private Funnel funnel(
      String product, Funnel funnel, List<Long> daysBefore, List<Long> days, Fact fact, long ts) {
    Funnel next = funnel;
    if (fact.kind() == FactKind.CLIENT && IMPRESSION_EVENT.equals(fact.name())) {
      next =
          new Funnel(
              earliest(funnel.impressions(), fact.time(), 1), funnel.pages(), funnel.messages());
    } else if (fact.kind() == FactKind.CLIENT && CHARACTER_PAGE_EVENT.equals(fact.name())) {
      next =
          new Funnel(
              funnel.impressions(),
              earliest(funnel.pages(), fact.time(), KEPT_FUNNEL_TIMES),
              funnel.messages());
    } else if (fact.isUserMessage()) {
      next =
          new Funnel(
              funnel.impressions(),
              funnel.pages(),
              earliest(funnel.messages(), fact.time(), KEPT_FUNNEL_TIMES));
    }
    FunnelSteps before = FunnelSteps.of(funnel, daysBefore);
    FunnelSteps after = FunnelSteps.of(next, days);
    if (before.cohortDay() != null
        && after.cohortDay() != null
        && before.cohortDay().equals(after.cohortDay())) {
      out.add(FigureKey.of(FUNNEL, product, after.cohortDay()), after.minus(before), ts);
    } else {
      if (before.cohortDay() != null) {
        out.add(
            FigureKey.of(FUNNEL, product, before.cohortDay()), FunnelSteps.NONE.minus(before), ts);
      }
      if (after.cohortDay() != null) {
        out.add(
            FigureKey.of(FUNNEL, product, after.cohortDay()), after.minus(FunnelSteps.NONE), ts);
      }
    }
    return next;
  }

  private static List<Long> earliest(List<Long> times, long time, int keep) {
    List<Long> next = new ArrayList<>(times);
    next.add(time);
    next.sort(Long::compare);
    return next.size() > keep ? List.copyOf(next.subList(0, keep)) : next;
  }

  /** Which funnel steps a user has reached, and the day of their first impression. */
  record FunnelSteps(
      Long cohortDay,
      boolean impression,
      boolean page,
      boolean firstMessage,
      boolean fifthMessage,
      boolean nextDay) {

    static final FunnelSteps NONE = new FunnelSteps(null, false, false, false, false, false);

    static FunnelSteps of(Funnel funnel, List<Long> activeDays) {
      if (funnel.impressions().isEmpty()) {
        return NONE;
      }
      long impression = funnel.impressions().getFirst();
      long cohort = Math.floorDiv(impression, DAY_MS);
      Long page = funnel.pages().stream().filter(t -> t >= impression).findFirst().orElse(null);
      if (page == null) {
        return new FunnelSteps(cohort, true, false, false, false, false);
      }
      List<Long> messages = funnel.messages().stream().filter(t -> t >= page).toList();
      boolean nextDay =
          !messages.isEmpty()
              && activeDays.contains(Math.floorDiv(messages.getFirst(), DAY_MS) + 1);
      return new FunnelSteps(
          cohort, true, true, !messages.isEmpty(), messages.size() >= FUNNEL_MESSAGES, nextDay);
    }

    Delta minus(FunnelSteps other) {
      Map<String, Long> change = new HashMap<>();
      change.put(Fields.IMPRESSION, flag(impression) - flag(other.impression));
      change.put(Fields.CHARACTER_PAGE, flag(page) - flag(other.page));
      change.put(Fields.FIRST_MESSAGE, flag(firstMessage) - flag(other.firstMessage));
      change.put(Fields.FIFTH_MESSAGE, flag(fifthMessage) - flag(other.fifthMessage));
      change.put(Fields.NEXT_DAY, flag(nextDay) - flag(other.nextDay));
      return new Delta(change);
    }

    private static long flag(boolean value) {
      return value ? 1 : 0;
    }
  }

  /** New chatters of a character per day, and which of them chat with it again on day 7. */
  private Map<String, Chatter> chatters(
      String product, Map<String, Chatter> chatted, Fact fact, long day, long ts) {
    if (!fact.isUserMessage() || fact.characterId() == null) {
      return chatted;
    }
    Map<String, Chatter> next = new HashMap<>(chatted);
    Chatter chatter = next.get(fact.characterId());
    if (chatter == null) {
      out.add(
          FigureKey.of(CHARACTER, product, day, fact.characterId()), Fields.NEW_CHATTERS, 1, ts);
      next.put(fact.characterId(), new Chatter(day, false));
    } else if (!chatter.returnedDay7() && day == chatter.firstDay() + WEEK) {
      out.add(
          FigureKey.of(CHARACTER, product, chatter.firstDay(), fact.characterId()),
          Fields.D7_RETURNED,
          1,
          ts);
      next.put(fact.characterId(), new Chatter(chatter.firstDay(), true));
    }
    next.values().removeIf(c -> c.firstDay() < day - KEPT_DAYS);
    return next;
  }
}
