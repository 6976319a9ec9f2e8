package com.companion.analytics.creator;

import static com.companion.analytics.figure.FigureKind.CREATOR;

import com.companion.analytics.creator.CharacterOwnership.WaitingChatter;
import com.companion.analytics.figure.Delta;
import com.companion.analytics.figure.Fields;
import com.companion.analytics.figure.FigureKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per character (keyed by {@code product|character}): charges the character's chats, messages and
 * likes to its owner's creator figure, counts it once a day as a character chatted with, and passes
 * its chatters on, named with the owner, to {@link CreatorChatterProcessor}.
 *
 * <p>Chat turns do not name the owner, and {@code character.lifecycle} and {@code usage.chat-turn}
 * are separate topics that a replay may deliver in another order than the live stream did. So what
 * arrives before the owner is known is kept here and handed to the owner when an event names them:
 * the figures are the same whichever topic comes first.
 */
public final class CharacterOwnerProcessor
    implements Processor<String, CharacterInput, String, Attributed> {

  public static final String STORE = "character-owners";

  /** Chatters kept per character while its owner is unknown; later ones are not counted. */
  static final int MAX_WAITING = 500;

  /** Days kept per character while its owner is unknown: a creation event can come that late. */
  static final int KEPT_DAYS_UNOWNED = 40;

  /** The character's counters that its creator's figure sums. */
  private static final Set<String> SUMMED = Set.of(Fields.CHATS, Fields.MESSAGES, Fields.LIKES);

  private final long keptDaysOwned;
  private KeyValueStore<String, CharacterOwnership> store;
  private ProcessorContext<String, Attributed> context;

  /**
   * @param grace how late an event may be: a day is kept as long as a change of it can still come
   */
  public CharacterOwnerProcessor(Duration grace) {
    this.keptDaysOwned = grace.plusDays(1).toDays() + 1;
  }

  @Override
  public void init(ProcessorContext<String, Attributed> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, CharacterInput> record) {
    CharacterInput input = record.value();
    if (input == null) {
      return;
    }
    CharacterOwnership before = store.get(record.key());
    CharacterOwnership state = before == null ? CharacterOwnership.UNKNOWN : before;
    long ts = record.timestamp();
    CharacterOwnership next;
    if (input.owner() != null) {
      next = owner(input, state, ts);
    } else if (input.chatter() != null) {
      next = chatter(input, state, ts);
    } else if (input.delta() != null) {
      next = figure(input, state, ts);
    } else {
      return;
    }
    if (next != state) {
      store.put(record.key(), next);
    }
  }

  /**
   * The first event that names the owner hands them everything kept so far. Ownership does not
   * change on this platform (a deleted creator's published characters keep their pseudonym), so a
   * later event naming someone else changes nothing.
   */
  private CharacterOwnership owner(CharacterInput input, CharacterOwnership state, long ts) {
    if (state.owner() != null) {
      return state;
    }
    String owner = input.owner();
    state
        .days()
        .forEach(
            (day, fields) -> {
              Map<String, Long> change = new HashMap<>(fields);
              if (active(fields)) {
                change.put(Fields.ACTIVE_CHARACTERS, 1L);
              }
              emit(FigureKey.of(CREATOR, input.product(), day, owner), change, ts);
            });
    for (WaitingChatter waiting : state.waiting()) {
      chat(new CreatorChat(input.product(), waiting.user(), owner, waiting.day(), false), ts);
    }
    return new CharacterOwnership(owner, prune(state.days(), keptDaysOwned), List.of());
  }

  private CharacterOwnership chatter(CharacterInput input, CharacterOwnership state, long ts) {
    if (state.owner() != null) {
      chat(
          new CreatorChat(input.product(), input.chatter(), state.owner(), input.day(), false), ts);
      return state;
    }
    WaitingChatter waiting = new WaitingChatter(input.chatter(), input.day());
    if (state.waiting().contains(waiting) || state.waiting().size() >= MAX_WAITING) {
      return state;
    }
    List<WaitingChatter> next = new ArrayList<>(state.waiting());
    next.add(waiting);
    return new CharacterOwnership(null, state.days(), next);
  }

  private CharacterOwnership figure(CharacterInput input, CharacterOwnership state, long ts) {
    Map<String, Long> change = new HashMap<>();
    input
        .delta()
        .fields()
        .forEach(
            (field, amount) -> {
              if (SUMMED.contains(field) && amount != 0) {
                change.put(field, amount);
              }
            });
    if (change.isEmpty()) {
      return state;
    }
    Map<String, Long> before = state.days().getOrDefault(input.day(), Map.of());
    Map<String, Long> after = new TreeMap<>(before);
    change.forEach((field, amount) -> after.merge(field, amount, Long::sum));
    Map<Long, Map<String, Long>> days = new TreeMap<>(state.days());
    days.put(input.day(), after);
    if (state.owner() != null) {
      long activity = (active(after) ? 1 : 0) - (active(before) ? 1 : 0);
      if (activity != 0) {
        change.put(Fields.ACTIVE_CHARACTERS, activity);
      }
      emit(FigureKey.of(CREATOR, input.product(), input.day(), state.owner()), change, ts);
    }
    return new CharacterOwnership(
        state.owner(),
        prune(days, state.owner() == null ? KEPT_DAYS_UNOWNED : keptDaysOwned),
        state.waiting());
  }

  /** Chatted with that day: a conversation started or a message sent (likes are not a chat). */
  private static boolean active(Map<String, Long> fields) {
    return fields.getOrDefault(Fields.CHATS, 0L) > 0
        || fields.getOrDefault(Fields.MESSAGES, 0L) > 0;
  }

  /** The days within {@code kept} days of the newest one. */
  private static Map<Long, Map<String, Long>> prune(Map<Long, Map<String, Long>> days, long kept) {
    if (days.isEmpty()) {
      return days;
    }
    TreeMap<Long, Map<String, Long>> sorted = new TreeMap<>(days);
    return new TreeMap<>(sorted.tailMap(sorted.lastKey() - kept, true));
  }

  private void emit(FigureKey figure, Map<String, Long> change, long ts) {
    Delta delta = new Delta(change);
    if (!delta.isEmpty()) {
      context.forward(new Record<>(figure.asString(), Attributed.delta(delta), ts));
    }
  }

  private void chat(CreatorChat chat, long ts) {
    context.forward(new Record<>(chat.product() + "|" + chat.user(), Attributed.chat(chat), ts));
  }
}
