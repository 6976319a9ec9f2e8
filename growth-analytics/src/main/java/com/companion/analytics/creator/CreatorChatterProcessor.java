package com.companion.analytics.creator;

import static com.companion.analytics.figure.FigureKind.CREATOR;

import com.companion.analytics.figure.Delta;
import com.companion.analytics.figure.DeltaEmitter;
import com.companion.analytics.figure.Fields;
import com.companion.analytics.figure.FigureKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per user and creator: distinct chatters of a creator's characters per day, new chatters (the day
 * of a user's first message to any of them) and who of those came back on day 7. Exact, like the
 * product's cohorts: a late earlier message moves the user to the earlier day.
 *
 * <p>Records arrive keyed by {@code product|user}, the key every per-user state is partitioned by,
 * and the store's key is {@code product|user|creator}: an account deletion, keyed by the user,
 * reaches all of that user's entries with one prefix scan.
 */
public final class CreatorChatterProcessor
    implements Processor<String, CreatorChat, String, Delta> {

  public static final String STORE = "creator-chatters";

  /** Days kept per user and creator (behind their latest): D7 is decided long before. */
  static final int KEPT_DAYS = 40;

  static final int WEEK = 7;

  private KeyValueStore<String, CreatorChatter> store;
  private DeltaEmitter out;

  @Override
  public void init(ProcessorContext<String, Delta> context) {
    this.store = context.getStateStore(STORE);
    this.out = new DeltaEmitter(context);
  }

  @Override
  public void process(Record<String, CreatorChat> record) {
    CreatorChat chat = record.value();
    if (chat == null) {
      return;
    }
    String prefix = chat.product() + "|" + chat.user() + "|";
    if (chat.forget()) {
      forget(prefix);
      return;
    }
    String key = prefix + chat.creator();
    CreatorChatter before = store.get(key);
    CreatorChatter state = before == null ? CreatorChatter.NEW : before;
    if (state.days().contains(chat.day())) {
      return;
    }
    long ts = record.timestamp();
    out.add(
        FigureKey.of(CREATOR, chat.product(), chat.day(), chat.creator()), Fields.CHATTERS, 1, ts);
    TreeSet<Long> days = new TreeSet<>(state.days());
    days.add(chat.day());
    List<Long> kept = new ArrayList<>(days.tailSet(days.last() - KEPT_DAYS, true));
    Long first =
        state.firstDay() == null || chat.day() < state.firstDay() ? chat.day() : state.firstDay();
    newChatter(chat, state, first, kept, ts);
    store.put(key, new CreatorChatter(first, kept));
  }

  /** Counts the user as a new chatter on their first day, and on day 7 after it as returned. */
  private void newChatter(
      CreatorChat chat, CreatorChatter state, long first, List<Long> days, long ts) {
    Long previous = state.firstDay();
    Map<String, Long> after =
        Map.of(Fields.NEW_CHATTERS, 1L, Fields.D7_RETURNED, day7(first, days));
    if (previous != null && previous == first) {
      long returned = day7(first, days) - day7(first, state.days());
      out.add(
          FigureKey.of(CREATOR, chat.product(), first, chat.creator()),
          Fields.D7_RETURNED,
          returned,
          ts);
      return;
    }
    if (previous != null) {
      Map<String, Long> leave = new HashMap<>();
      leave.put(Fields.NEW_CHATTERS, -1L);
      leave.put(Fields.D7_RETURNED, -day7(previous, state.days()));
      out.add(
          FigureKey.of(CREATOR, chat.product(), previous, chat.creator()), new Delta(leave), ts);
    }
    out.add(FigureKey.of(CREATOR, chat.product(), first, chat.creator()), new Delta(after), ts);
  }

  private static long day7(long first, List<Long> days) {
    return days.contains(first + WEEK) ? 1 : 0;
  }

  /** A deleted account: its chats stay counted, what ties them to the pseudonym goes. */
  private void forget(String prefix) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, CreatorChatter> entries =
        store.prefixScan(prefix, new StringSerializer())) {
      while (entries.hasNext()) {
        KeyValue<String, CreatorChatter> entry = entries.next();
        keys.add(entry.key);
      }
    }
    keys.forEach(store::delete);
  }
}
