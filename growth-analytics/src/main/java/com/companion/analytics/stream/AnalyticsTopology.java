package com.companion.analytics.stream;

import com.companion.analytics.activity.UserActivityProcessor;
import com.companion.analytics.activity.UserState;
import com.companion.analytics.conversation.ConversationProcessor;
import com.companion.analytics.conversation.ConversationState;
import com.companion.analytics.creator.Attributed;
import com.companion.analytics.creator.CharacterInput;
import com.companion.analytics.creator.CharacterOwnerProcessor;
import com.companion.analytics.creator.CharacterOwnership;
import com.companion.analytics.creator.CreatorChat;
import com.companion.analytics.creator.CreatorChatter;
import com.companion.analytics.creator.CreatorChatterProcessor;
import com.companion.analytics.figure.Delta;
import com.companion.analytics.figure.Figure;
import com.companion.analytics.figure.FigureKey;
import com.companion.analytics.figure.FigureKind;
import com.companion.analytics.intake.DeadLetter;
import com.companion.analytics.intake.Fact;
import com.companion.analytics.intake.FactKind;
import com.companion.analytics.intake.Intake;
import com.companion.analytics.intake.IntakeProcessor;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
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
 *  6 platform topics ─ intake ─┬─ dead letters ─────────────────────────────→ analytics.dead-letter
 *                              ├─ by user ──────── user-activity ─────┐
 *                              ├─ by conversation ─ conversations ────┤
 *                              ├─ direct (likes, reports, aliases) ───┤
 *                              └─ by character, by chatter (creators) ┴─ by figure ─ figures ─→ analytics.figures
 * </pre>
 */
public final class AnalyticsTopology {

  public static final String FIGURES_STORE = "figures";

  private static final Serde<String> STRING = Serdes.String();
  private static final Serde<Fact> FACT = JsonSerde.of(Fact.class);
  private static final Serde<Delta> DELTA = JsonSerde.of(Delta.class);
  private static final Serde<CharacterInput> CHARACTER_INPUT = JsonSerde.of(CharacterInput.class);
  private static final Serde<CreatorChat> CREATOR_CHAT = JsonSerde.of(CreatorChat.class);
  private static final String CHARACTER_FIGURE_PREFIX = FigureKind.CHARACTER.id() + "|";
  private static final long DAY_MS = Duration.ofDays(1).toMillis();
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

    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            keyValue(CharacterOwnerProcessor.STORE, persistent),
            STRING,
            JsonSerde.of(CharacterOwnership.class)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            keyValue(CreatorChatterProcessor.STORE, persistent),
            STRING,
            JsonSerde.of(CreatorChatter.class)));

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
    KStream<String, Delta> byCreator = creators(facts, byConversation.merge(direct), grace);

    byUser
        .merge(byConversation)
        .merge(direct)
        .merge(deadLetters)
        .merge(byCreator)
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

  /**
   * Creator figures: the characters' own figure changes, their owners (from {@code
   * character.lifecycle}) and their chatters meet by character; the chatters then go on by user,
   * named with the creator, for distinct chatters and D7.
   *
   * <pre>
   *  owners, chatters, character figure changes ─ by character ─ character-owners ─┬─ creator figures
   *  chats with a creator, account deletions ──── by chatter ─── creator-chatters ──┴─ creator figures
   * </pre>
   */
  private static KStream<String, Delta> creators(
      KStream<String, Fact> facts, KStream<String, Delta> figureChanges, Duration grace) {
    KStream<String, CharacterInput> owners =
        facts
            .filter((key, fact) -> fact.characterOwner() != null, Named.as("owner-only"))
            .map(
                (key, fact) ->
                    KeyValue.pair(
                        fact.product() + "|" + fact.characterId(),
                        CharacterInput.owner(
                            fact.product(), fact.characterId(), fact.characterOwner())),
                Named.as("owner"));
    KStream<String, CharacterInput> chatters =
        facts
            .filter(
                (key, fact) ->
                    fact.isUserMessage() && fact.characterId() != null && fact.user() != null,
                Named.as("character-message-only"))
            .map(
                (key, fact) ->
                    KeyValue.pair(
                        fact.product() + "|" + fact.characterId(),
                        CharacterInput.chatter(
                            fact.product(),
                            fact.characterId(),
                            Math.floorDiv(fact.time(), DAY_MS),
                            fact.user())),
                Named.as("character-chatter"));
    KStream<String, CharacterInput> characterFigures =
        figureChanges
            .filter(
                (key, delta) -> key.startsWith(CHARACTER_FIGURE_PREFIX),
                Named.as("character-figure-only"))
            .map(
                (key, delta) -> {
                  FigureKey figure = FigureKey.parse(key);
                  return KeyValue.pair(
                      figure.product() + "|" + figure.subject(),
                      CharacterInput.figure(
                          figure.product(), figure.subject(), figure.day().toEpochDay(), delta));
                },
                Named.as("character-figure"));
    Map<String, KStream<String, Attributed>> attributed =
        owners
            .merge(chatters)
            .merge(characterFigures)
            .repartition(Repartitioned.with(STRING, CHARACTER_INPUT).withName("by-character"))
            .process(
                () -> new CharacterOwnerProcessor(grace),
                Named.as("character-owners"),
                CharacterOwnerProcessor.STORE)
            .split(Named.as("attributed-"))
            .branch((key, value) -> value.delta() != null, Branched.as("figure"))
            .defaultBranch(Branched.as("chat"));
    KStream<String, CreatorChat> forgotten =
        facts
            .filter((key, fact) -> fact.forgetsUser(), Named.as("deletion-only"))
            .map(
                (key, fact) ->
                    KeyValue.pair(
                        fact.product() + "|" + fact.user(),
                        CreatorChat.forget(fact.product(), fact.user())),
                Named.as("creator-chatter-deletion"));
    KStream<String, Delta> chatterFigures =
        attributed
            .get("attributed-chat")
            .mapValues(Attributed::chat, Named.as("creator-chat"))
            .merge(forgotten)
            .repartition(Repartitioned.with(STRING, CREATOR_CHAT).withName("by-chatter"))
            .process(
                CreatorChatterProcessor::new,
                Named.as("creator-chatters"),
                CreatorChatterProcessor.STORE);
    return attributed
        .get("attributed-figure")
        .mapValues(Attributed::delta, Named.as("creator-figure"))
        .merge(chatterFigures);
  }

  /** RocksDB on local disk in production; in memory for tests (both restore from changelogs). */
  private static KeyValueBytesStoreSupplier keyValue(String name, boolean persistent) {
    return persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
  }
}
