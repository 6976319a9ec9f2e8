package com.companion.analytics.stream;

import com.companion.analytics.activity.UserActivityProcessor;
import com.companion.analytics.activity.UserState;
import com.companion.analytics.conversation.ConversationProcessor;
import com.companion.analytics.conversation.ConversationState;
import com.companion.analytics.figure.Delta;
import com.companion.analytics.figure.Figure;
import com.companion.analytics.intake.DeadLetter;
import com.companion.analytics.intake.Fact;
import com.companion.analytics.intake.FactKind;
import com.companion.analytics.intake.Intake;
import com.companion.analytics.intake.IntakeProcessor;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The stream graph: intake (parse, de-duplicate, refuse late events, dead-letter) → per user and
 * per conversation state → changes of figures → one aggregate per figure → {@code
 * analytics.figures}.
 *
 * <pre>
 *  5 platform topics ─ intake ─┬─ dead letters ─────────────────────────────→ analytics.dead-letter
 *                              ├─ by user ──────── user-activity ─────┐
 *                              ├─ by conversation ─ conversations ────┤
 *                              └─ direct (likes, reports, aliases) ───┴─ by figure ─ figures ─→ analytics.figures
 * </pre>
 */
public final class AnalyticsTopology {

  public static final String FIGURES_STORE = "figures";

  private static final Serde<String> STRING = Serdes.String();
  private static final Serde<Fact> FACT = JsonSerde.of(Fact.class);
  private static final Serde<Delta> DELTA = JsonSerde.of(Delta.class);
  public static final Serde<Figure> FIGURE = JsonSerde.of(Figure.class);
  public static final Serde<DeadLetter> DEAD_LETTER = JsonSerde.of(DeadLetter.class);

  private AnalyticsTopology() {}

  /**
   * @param grace how late an event may arrive and still count
   * @param sessionGap the pause that ends a session
   * @param conversationRetention how long a quiet conversation is remembered
   * @param persistent RocksDB stores (production) or in-memory ones (tests)
   */
  public static Topology build(
      Duration grace, Duration sessionGap, Duration conversationRetention, boolean persistent) {
    return build(grace, sessionGap, conversationRetention, persistent, AnalyticsTopics.FIGURES);
  }

  /**
   * @param figuresTopic where figure changes go: {@code analytics.figures} for the live stream, a
   *     topic of its own for a rebuild that must not touch the read model
   */
  public static Topology build(
      Duration grace,
      Duration sessionGap,
      Duration conversationRetention,
      boolean persistent,
      String figuresTopic) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.windowStoreBuilder(
            persistent
                ? Stores.persistentWindowStore(
                    IntakeProcessor.DEDUP_STORE, grace.plusDays(1), Duration.ofMillis(1), false)
                : Stores.inMemoryWindowStore(
                    IntakeProcessor.DEDUP_STORE, grace.plusDays(1), Duration.ofMillis(1), false),
            STRING,
            Serdes.Long()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            keyValue(IntakeProcessor.WATERMARK_STORE, persistent), STRING, Serdes.Long()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            keyValue(UserActivityProcessor.STORE, persistent),
            STRING,
            JsonSerde.of(UserState.class)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            keyValue(ConversationProcessor.STORE, persistent),
            STRING,
            JsonSerde.of(ConversationState.class)));

    KStream<String, Intake> intake =
        builder.stream(AnalyticsTopics.INPUT, Consumed.with(STRING, STRING).withName("events"))
            .process(
                () -> new IntakeProcessor(grace),
                Named.as("intake"),
                IntakeProcessor.DEDUP_STORE,
                IntakeProcessor.WATERMARK_STORE);
    Map<String, KStream<String, Intake>> branches =
        intake
            .split(Named.as("intake-"))
            .branch((key, value) -> value.deadLetter() != null, Branched.as("rejected"))
            .defaultBranch(Branched.as("accepted"));

    KStream<String, DeadLetter> rejected =
        branches.get("intake-rejected").mapValues(Intake::deadLetter, Named.as("dead-letter"));
    rejected.to(AnalyticsTopics.DEAD_LETTER, Produced.with(STRING, DEAD_LETTER));
    KStream<String, Fact> facts =
        branches.get("intake-accepted").mapValues(Intake::fact, Named.as("fact"));

    KStream<String, Delta> byUser =
        facts
            .filter(
                (key, fact) -> fact.isUserActivity() || fact.forgetsUser(),
                Named.as("user-activity-only"))
            .selectKey((key, fact) -> fact.product() + "|" + fact.user(), Named.as("user-key"))
            .repartition(Repartitioned.with(STRING, FACT).withName("by-user"))
            .process(
                () -> new UserActivityProcessor(sessionGap, grace),
                Named.as("user-activity"),
                UserActivityProcessor.STORE);
    KStream<String, Delta> byConversation =
        facts
            .filter(
                (key, fact) -> fact.kind() == FactKind.TURN || fact.kind() == FactKind.RATING,
                Named.as("chat-only"))
            .selectKey((key, fact) -> fact.conversationId(), Named.as("conversation-key"))
            .repartition(Repartitioned.with(STRING, FACT).withName("by-conversation"))
            .process(
                () -> new ConversationProcessor(sessionGap, conversationRetention),
                Named.as("conversations"),
                ConversationProcessor.STORE);
    KStream<String, Delta> direct = facts.flatMap((key, fact) -> DirectFigures.of(fact));
    KStream<String, Delta> deadLetters =
        rejected.map((key, letter) -> DirectFigures.of(letter), Named.as("dead-letter-count"));

    byUser
        .merge(byConversation)
        .merge(direct)
        .merge(deadLetters)
        .groupByKey(Grouped.with("figure-deltas", STRING, DELTA))
        .aggregate(
            () -> Figure.EMPTY,
            (key, delta, figure) -> figure.plus(delta),
            Named.as("figure"),
            Materialized.<String, Figure>as(keyValue(FIGURES_STORE, persistent))
                .withKeySerde(STRING)
                .withValueSerde(FIGURE))
        .toStream(Named.as("figure-changes"))
        .to(figuresTopic, Produced.with(STRING, FIGURE));
    return builder.build();
  }

  /** RocksDB on local disk in production; in memory for tests (both restore from changelogs). */
  private static KeyValueBytesStoreSupplier keyValue(String name, boolean persistent) {
    return persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
  }
}
