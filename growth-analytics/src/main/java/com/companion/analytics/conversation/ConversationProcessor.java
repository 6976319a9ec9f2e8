package com.companion.analytics.conversation;

import static com.companion.analytics.figure.FigureKind.CHARACTER;
import static com.companion.analytics.figure.FigureKind.DAILY;
import static com.companion.analytics.figure.FigureKind.MODEL;

import com.companion.analytics.conversation.ConversationState.Reply;
import com.companion.analytics.figure.Delta;
import com.companion.analytics.figure.DeltaEmitter;
import com.companion.analytics.figure.Fields;
import com.companion.analytics.figure.FigureKey;
import com.companion.analytics.figure.TtftHistogram;
import com.companion.analytics.intake.Fact;
import com.companion.analytics.intake.FactKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per conversation (keyed by conversation id): conversations started, messages, safety outcomes,
 * and the quality signals of each model version: turns, turns per conversation, ratings (a rating
 * names only the message, so the version comes from the turn that wrote it), regenerates and early
 * abandonment.
 *
 * <p>A conversation is abandoned early when its user sent fewer than {@value #ENGAGED_MESSAGES}
 * messages before a pause of at least the session gap. That is decided from the times of the first
 * messages and the latest event time, checked again on each turn and every minute of event time, so
 * a late message corrects it.
 */
public final class ConversationProcessor implements Processor<String, Fact, String, Delta> {

  public static final String STORE = "conversations";
  static final int ENGAGED_MESSAGES = 3;
  static final String UNKNOWN_VERSION = "unknown";

  /** Replies remembered per conversation, for ratings that arrive later. */
  static final int KEPT_REPLIES = 64;

  private static final long DAY_MS = Duration.ofDays(1).toMillis();
  private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

  private final long gapMs;
  private final long retentionMs;
  private KeyValueStore<String, ConversationState> store;
  private DeltaEmitter out;

  /** The latest event time this task has seen: what "now" means for a quiet conversation. */
  private long streamTime = Long.MIN_VALUE;

  private long nextSweep = Long.MIN_VALUE;

  /**
   * @param sessionGap the pause that ends a session also ends an early conversation
   * @param retention how long a quiet conversation is remembered (later turns start it anew)
   */
  public ConversationProcessor(Duration sessionGap, Duration retention) {
    this.gapMs = sessionGap.toMillis();
    this.retentionMs = retention.toMillis();
  }

  @Override
  public void init(ProcessorContext<String, Delta> context) {
    this.store = context.getStateStore(STORE);
    this.out = new DeltaEmitter(context);
  }

  @Override
  public void process(Record<String, Fact> record) {
    Fact fact = record.value();
    if (fact == null) {
      return;
    }
    streamTime = Math.max(streamTime, fact.time());
    ConversationState state = store.get(record.key());
    if (fact.kind() == FactKind.TURN) {
      state = turn(state, fact);
    } else if (fact.kind() == FactKind.RATING && state != null) {
      state = rating(state, fact);
    } else {
      return;
    }
    store.put(record.key(), judge(state, streamTime, fact.time()));
    if (streamTime >= nextSweep) {
      sweep(streamTime);
      nextSweep = streamTime + SWEEP_INTERVAL.toMillis();
    }
  }

  private ConversationState turn(ConversationState state, Fact fact) {
    long ts = fact.time();
    long day = Math.floorDiv(ts, DAY_MS);
    String product = fact.product();
    String version = fact.modelVersion() == null ? UNKNOWN_VERSION : fact.modelVersion();
    if (state == null) {
      out.add(FigureKey.of(DAILY, product, day), Fields.CONVERSATIONS, 1, ts);
      if (fact.characterId() != null) {
        out.add(FigureKey.of(CHARACTER, product, day, fact.characterId()), Fields.CHATS, 1, ts);
      }
      out.add(FigureKey.of(MODEL, "", day, version), Fields.CONVERSATIONS_STARTED, 1, ts);
      state =
          new ConversationState(
              product,
              fact.characterId(),
              ts,
              version,
              List.of(),
              ts,
              null,
              Map.of(),
              Map.of(),
              false);
    }
    Map<String, Long> daily = new HashMap<>();
    daily.put(Fields.TURNS, 1L);
    if ("flagged".equals(fact.safetyOutcome())) {
      daily.put(Fields.FLAGGED, 1L);
    } else if ("blocked".equals(fact.safetyOutcome())) {
      daily.put(Fields.BLOCKED, 1L);
    }
    List<Long> earliest = state.earliestMessages();
    if (fact.isUserMessage()) {
      daily.put(Fields.MESSAGES, 1L);
      if (state.characterId() != null) {
        out.add(FigureKey.of(CHARACTER, product, day, state.characterId()), Fields.MESSAGES, 1, ts);
      }
      earliest = earliest(earliest, ts);
    }
    out.add(FigureKey.of(DAILY, product, day), new Delta(daily), ts);

    Map<String, Long> model = new HashMap<>();
    model.put(Fields.TURNS, 1L);
    Map<String, Integer> turnsByVersion = new HashMap<>(state.turnsByVersion());
    if (turnsByVersion.merge(version, 1, Integer::sum) == 1) {
      model.put(Fields.CONVERSATIONS, 1L);
    }
    if (fact.ttftMs() != null) {
      model.put(Fields.TTFT_SAMPLES, 1L);
      model.put(TtftHistogram.field(fact.ttftMs()), 1L);
    }
    if ("cancelled".equals(fact.finishReason())) {
      model.put(Fields.CANCELLED, 1L);
    } else if ("error".equals(fact.finishReason())) {
      model.put(Fields.ERRORS, 1L);
    }
    out.add(FigureKey.of(MODEL, "", day, version), new Delta(model), ts);
    if ("regenerate".equals(fact.turnKind())) {
      String judged = state.lastReplyVersion() == null ? version : state.lastReplyVersion();
      out.add(FigureKey.of(MODEL, "", day, judged), Fields.REGENERATES, 1, ts);
    }

    Map<String, Reply> replies = state.replies();
    if (fact.messageId() != null) {
      LinkedHashMap<String, Reply> next = new LinkedHashMap<>(replies);
      next.putIfAbsent(fact.messageId(), new Reply(version, 0));
      while (next.size() > KEPT_REPLIES) {
        next.remove(next.keySet().iterator().next());
      }
      replies = next;
    }
    boolean latest = ts >= state.lastTime();
    return new ConversationState(
        state.product(),
        state.characterId(),
        Math.min(state.startTime(), ts),
        state.firstVersion(),
        earliest,
        Math.max(state.lastTime(), ts),
        latest || state.lastReplyVersion() == null ? version : state.lastReplyVersion(),
        turnsByVersion,
        replies,
        state.abandoned());
  }

  /**
   * A rating counts for the version that wrote the reply; a changed rating replaces the old one.
   */
  private ConversationState rating(ConversationState state, Fact fact) {
    Reply reply = state.replies().get(fact.messageId());
    if (reply == null) {
      return state;
    }
    long ts = fact.time();
    FigureKey figure = FigureKey.of(MODEL, "", Math.floorDiv(ts, DAY_MS), reply.version());
    Map<String, Long> change = new HashMap<>();
    if (reply.stars() > 0) {
      change.merge(Fields.RATINGS, -1L, Long::sum);
      change.merge(Fields.STARS_SUM, (long) -reply.stars(), Long::sum);
      change.merge(Fields.STARS_PREFIX + reply.stars(), -1L, Long::sum);
    }
    change.merge(Fields.RATINGS, 1L, Long::sum);
    change.merge(Fields.STARS_SUM, (long) fact.stars(), Long::sum);
    change.merge(Fields.STARS_PREFIX + fact.stars(), 1L, Long::sum);
    out.add(figure, new Delta(change), ts);
    Map<String, Reply> replies = new LinkedHashMap<>(state.replies());
    replies.put(fact.messageId(), new Reply(reply.version(), fact.stars()));
    return new ConversationState(
        state.product(),
        state.characterId(),
        state.startTime(),
        state.firstVersion(),
        state.earliestMessages(),
        state.lastTime(),
        state.lastReplyVersion(),
        state.turnsByVersion(),
        replies,
        state.abandoned());
  }

  private static List<Long> earliest(List<Long> times, long time) {
    List<Long> next = new ArrayList<>(times);
    next.add(time);
    next.sort(Long::compare);
    return next.size() > ENGAGED_MESSAGES ? next.subList(0, ENGAGED_MESSAGES) : next;
  }

  /** Re-decides early abandonment and emits the change, if any. */
  private ConversationState judge(ConversationState state, long now, long ts) {
    boolean abandoned = isAbandoned(state, now);
    if (abandoned == state.abandoned()) {
      return state;
    }
    out.add(
        FigureKey.of(MODEL, "", Math.floorDiv(state.startTime(), DAY_MS), state.firstVersion()),
        Fields.EARLY_ABANDONED,
        abandoned ? 1 : -1,
        ts);
    return new ConversationState(
        state.product(),
        state.characterId(),
        state.startTime(),
        state.firstVersion(),
        state.earliestMessages(),
        state.lastTime(),
        state.lastReplyVersion(),
        state.turnsByVersion(),
        state.replies(),
        abandoned);
  }

  boolean isAbandoned(ConversationState state, long now) {
    List<Long> times = new ArrayList<>(state.earliestMessages());
    if (times.isEmpty()) {
      times.add(state.startTime());
    }
    for (int i = 1; i < times.size(); i++) {
      if (times.get(i) - times.get(i - 1) >= gapMs) {
        return true;
      }
    }
    return times.size() < ENGAGED_MESSAGES && now - times.getLast() >= gapMs;
  }

  /**
   * Looks for conversations that went quiet. Driven by event time, after a record moved it at least
   * a minute past the last sweep, so a replay sweeps at the same points as the live stream.
   */
  private void sweep(long now) {
    List<KeyValue<String, ConversationState>> changed = new ArrayList<>();
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, ConversationState> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, ConversationState> entry = all.next();
        ConversationState state = entry.value;
        if (state.lastTime() < now - retentionMs) {
          expired.add(entry.key);
        } else if (!state.abandoned() && state.earliestMessages().size() < ENGAGED_MESSAGES) {
          ConversationState judged = judge(state, now, now);
          if (judged != state) {
            changed.add(KeyValue.pair(entry.key, judged));
          }
        }
      }
    }
    changed.forEach(entry -> store.put(entry.key, entry.value));
    expired.forEach(store::delete);
  }
}
