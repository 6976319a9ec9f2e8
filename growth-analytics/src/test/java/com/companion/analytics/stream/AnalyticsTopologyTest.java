package com.companion.analytics.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.analytics.AnalyticsProperties;
import com.companion.analytics.Events;
import com.companion.analytics.activity.UserActivityProcessor;
import com.companion.analytics.activity.UserState;
import com.companion.analytics.creator.CreatorChatter;
import com.companion.analytics.creator.CreatorChatterProcessor;
import com.companion.analytics.figure.Fields;
import com.companion.analytics.figure.Figure;
import com.companion.analytics.figure.FigureKey;
import com.companion.analytics.figure.FigureKind;
import com.companion.analytics.figure.TtftHistogram;
import com.companion.analytics.intake.DeadLetter;
import com.companion.contracts.events.AccountDeleted;
import com.companion.contracts.events.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class AnalyticsTopologyTest {

  private static final Instant DAY0 = Instant.parse("2026-11-01T10:00:00Z");
  private static final String P = "glow";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private Map<String, TestInputTopic<String, String>> inputs;
  private TestOutputTopic<String, DeadLetter> deadLetters;
  private KeyValueStore<String, Figure> figures;

  @BeforeEach
  void start() {
    AnalyticsProperties properties =
        new AnalyticsProperties(
            "analytics-test",
            stateDir,
            Duration.ofHours(48),
            Duration.ofMinutes(30),
            Duration.ofDays(3),
            Duration.ofSeconds(1),
            1,
            (short) 1,
            1,
            0,
            true,
            false);
    Properties config = AnalyticsStreams.config(properties, "unused:9092");
    driver =
        new TopologyTestDriver(
            AnalyticsTopology.build(
                properties.grace(),
                properties.sessionGap(),
                properties.conversationRetention(),
                properties.persistentStores()),
            config);
    inputs =
        Map.of(
            Topics.CHAT_TURN, input(Topics.CHAT_TURN),
            Topics.CLIENT_EVENT, input(Topics.CLIENT_EVENT),
            Topics.MODEL_REQUEST, input(Topics.MODEL_REQUEST),
            Topics.CHARACTER_LIFECYCLE, input(Topics.CHARACTER_LIFECYCLE),
            Topics.ACCOUNT_LIFECYCLE, input(Topics.ACCOUNT_LIFECYCLE));
    deadLetters =
        driver.createOutputTopic(
            AnalyticsTopics.DEAD_LETTER,
            new StringDeserializer(),
            AnalyticsTopology.DEAD_LETTER.deserializer());
    figures = driver.getKeyValueStore(AnalyticsTopology.FIGURES_STORE);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private TestInputTopic<String, String> input(String topic) {
    return driver.createInputTopic(topic, new StringSerializer(), new StringSerializer());
  }

  /** Piped with the event's own time as the Kafka timestamp, as the outbox relay nearly does. */
  private void send(String topic, String key, String event) {
    Instant time;
    try {
      time = Instant.parse(JSON.readTree(event).get("time").asString());
    } catch (RuntimeException notAnEvent) {
      time = DAY0;
    }
    inputs.get(topic).pipeInput(key, event, time);
  }

  private void turn(String user, Instant at, String conversation) {
    send(
        Topics.CHAT_TURN, conversation, Events.turn(P, user, at, conversation, "send", "v1", 200L));
  }

  private long daily(Instant day, String field) {
    return get(FigureKind.DAILY, P, day, "", field);
  }

  private long get(FigureKind kind, String product, Instant day, String subject, String field) {
    Figure figure =
        figures.get(
            new FigureKey(
                    kind, product, LocalDate.ofInstant(day, java.time.ZoneOffset.UTC), subject)
                .asString());
    return figure == null ? 0 : figure.get(field);
  }

  private static Instant day(int n) {
    return DAY0.plus(Duration.ofDays(n));
  }

  @Test
  void countsDistinctUsersPerDayWeekAndMonth() {
    turn("a", day(0), "ca");
    turn("a", day(0).plusSeconds(60), "ca");
    turn("b", day(1), "cb");
    turn("a", day(3), "ca2");

    assertThat(daily(day(0), Fields.DAU)).isEqualTo(1);
    assertThat(daily(day(1), Fields.DAU)).isEqualTo(1);
    assertThat(daily(day(3), Fields.DAU)).isEqualTo(1);
    assertThat(daily(day(3), Fields.WAU)).isEqualTo(2);
    assertThat(daily(day(6), Fields.WAU)).isEqualTo(2);
    assertThat(daily(day(8), Fields.WAU)).isEqualTo(1); // b's day 1 left the window, a's day 3 not
    assertThat(daily(day(10), Fields.WAU)).isZero();
    assertThat(daily(day(29), Fields.MAU)).isEqualTo(2);
    assertThat(daily(day(31), Fields.MAU)).isEqualTo(1);
    assertThat(daily(day(0), Fields.NEW_USERS)).isEqualTo(1);
    assertThat(daily(day(1), Fields.NEW_USERS)).isEqualTo(1);
    assertThat(daily(day(3), Fields.NEW_USERS)).isZero();
    assertThat(daily(day(0), Fields.MESSAGES)).isEqualTo(2);
    assertThat(daily(day(0), Fields.CONVERSATIONS)).isEqualTo(1);
    assertThat(daily(day(3), Fields.CONVERSATIONS)).isEqualTo(1);
  }

  @Test
  void retentionByFirstSeenCohortAndALateEarlierEventMovesTheCohort() {
    turn("a", day(1), "ca");
    turn("a", day(2), "ca");
    turn("a", day(8), "ca");
    assertThat(get(FigureKind.COHORT, P, day(1), "", Fields.SIZE)).isEqualTo(1);
    assertThat(get(FigureKind.COHORT, P, day(1), "", Fields.D1)).isEqualTo(1);
    assertThat(get(FigureKind.COHORT, P, day(1), "", Fields.D7)).isEqualTo(1);

    // a's real first event from day 7 arrives within the grace of the stream (now at day 8)
    turn("a", day(7), "ca");
    assertThat(get(FigureKind.COHORT, P, day(1), "", Fields.SIZE)).isEqualTo(1);
    turn("b", day(8).minus(Duration.ofHours(1)), "cb");
    assertThat(get(FigureKind.COHORT, P, day(8).minus(Duration.ofHours(1)), "", Fields.SIZE))
        .isEqualTo(1);
  }

  @Test
  void aLateFirstEventWithinGraceMovesTheUserToAnEarlierCohort() {
    turn("a", day(2), "ca");
    turn("a", day(3), "ca");
    turn("a", day(1).plus(Duration.ofHours(12)), "ca"); // late, but within 48 h of day 3 10:00
    assertThat(get(FigureKind.COHORT, P, day(2), "", Fields.SIZE)).isZero();
    assertThat(get(FigureKind.COHORT, P, day(2), "", Fields.D1)).isZero();
    assertThat(daily(day(2), Fields.NEW_USERS)).isZero();
    assertThat(get(FigureKind.COHORT, P, day(1), "", Fields.SIZE)).isEqualTo(1);
    assertThat(get(FigureKind.COHORT, P, day(1), "", Fields.D1)).isEqualTo(1);
    assertThat(daily(day(1), Fields.NEW_USERS)).isEqualTo(1);
  }

  @Test
  void aDeletedAccountsStateIsForgottenHoweverLateAndItsFiguresStay() {
    turn("a", day(0), "ca");
    turn("b", day(5), "cb");
    KeyValueStore<String, UserState> users = driver.getKeyValueStore(UserActivityProcessor.STORE);
    assertThat(users.get(P + "|a")).isNotNull();

    // identity-service's event, five days behind the stream: far past the grace of the figures
    send(Topics.ACCOUNT_LIFECYCLE, "account-a", accountDeleted("account-a", "a", day(0)));
    // another type of account event, and a deletion that names no pseudonym, change nothing
    send(
        Topics.ACCOUNT_LIFECYCLE,
        "account-b",
        Events.envelope(
            "e-created", "account.created", day(5), P, "b", Map.of("schema_version", 1)));
    send(Topics.ACCOUNT_LIFECYCLE, "account-b", accountDeleted("account-b", null, day(5)));

    assertThat(users.get(P + "|a")).isNull();
    assertThat(users.get(P + "|b")).isNotNull();
    // the figures counted a's activity without naming a, and keep it
    assertThat(daily(day(0), Fields.DAU)).isEqualTo(1);
    assertThat(daily(day(0), Fields.NEW_USERS)).isEqualTo(1);
    assertThat(deadLetters.readValuesToList()).isEmpty();
  }

  @Test
  void anUnreadableAccountEventIsDeadLetteredWithoutTheAccountId() {
    send(
        Topics.ACCOUNT_LIFECYCLE,
        "account-a",
        "{\"type\":\"account.deleted\",\"data\":{\"user_id\":");

    DeadLetter letter = deadLetters.readValue();
    assertThat(letter.topic()).isEqualTo(Topics.ACCOUNT_LIFECYCLE);
    assertThat(letter.key()).isNull();
    assertThat(letter.payload()).isNull();
  }

  /**
   * identity-service's {@code account.deleted}: the raw id in the data, the pseudonym beside it.
   */
  private static String accountDeleted(String accountId, String pseudonym, Instant at) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("schema_version", 1);
    data.put("user_id", accountId);
    if (pseudonym != null) {
      data.put("pseudonym", pseudonym);
    }
    data.put("deleted_at", at.toString());
    return Events.envelope(
        UUID.randomUUID().toString(), AccountDeleted.TYPE, at, P, pseudonym, data);
  }

  @Test
  void duplicatesCountOnce() {
    String event = Events.turn("e-1", P, "a", day(0), "ca", "send", "v1", 100L, "c1", "allowed");
    send(Topics.CHAT_TURN, "ca", event);
    send(Topics.CHAT_TURN, "ca", event);
    assertThat(daily(day(0), Fields.MESSAGES)).isEqualTo(1);
    assertThat(get(FigureKind.MODEL, "", day(0), "v1", Fields.TURNS)).isEqualTo(1);
  }

  @Test
  void badAndLateEventsGoToTheDeadLetterTopicWithTheReasonAndTheStreamGoesOn() {
    send(Topics.CHAT_TURN, "x", "{not json");
    send(
        Topics.CHAT_TURN,
        "x",
        Events.envelope("e-2", "chat.turn.completed", day(5), P, "a", Map.of("kind", "send")));
    turn("a", day(5), "ca");
    turn("b", day(1), "cb"); // four days behind the stream: past the 48 h grace
    turn("c", day(5).plusSeconds(5), "cc");

    List<DeadLetter> letters = deadLetters.readValuesToList();
    assertThat(letters)
        .extracting(DeadLetter::reason)
        .satisfiesExactly(
            r -> assertThat(r).startsWith("not JSON"),
            r -> assertThat(r).isEqualTo("missing field: data.conversation_id"),
            r -> assertThat(r).startsWith("late: event time 2026-11-02T10:00:00Z"));
    assertThat(letters.getFirst().topic()).isEqualTo(Topics.CHAT_TURN);
    assertThat(letters.getFirst().payload()).isEqualTo("{not json");
    assertThat(daily(day(5), Fields.DAU)).isEqualTo(2);
    assertThat(daily(day(1), Fields.DAU)).isZero();
    long counted = 0;
    try (var all = figures.all()) {
      while (all.hasNext()) {
        var entry = all.next();
        if (entry.key.startsWith(FigureKind.DEAD_LETTER.id() + "|")) {
          counted += entry.value.get(Fields.EVENTS);
        }
      }
    }
    assertThat(counted).isEqualTo(3);
  }

  @Test
  void sessionsAreCutByTheInactivityGapAndMergeWhenALateEventFillsIt() {
    Instant t = day(0);
    turn("a", t, "ca");
    turn("a", t.plus(Duration.ofMinutes(10)), "ca");
    turn("a", t.plus(Duration.ofMinutes(50)), "ca");
    assertThat(daily(t, Fields.SESSIONS)).isEqualTo(2);
    assertThat(daily(t, Fields.SESSION_MS)).isEqualTo(Duration.ofMinutes(10).toMillis());

    turn("a", t.plus(Duration.ofMinutes(30)), "ca"); // late: closes the 40 min pause
    assertThat(daily(t, Fields.SESSIONS)).isEqualTo(1);
    assertThat(daily(t, Fields.SESSION_MS)).isEqualTo(Duration.ofMinutes(50).toMillis());
  }

  @Test
  void funnelCountsEachStepOnceAfterThePreviousOne() {
    Instant t = day(0);
    send(Topics.CLIENT_EVENT, "a", Events.client(P, "a", t, "character_impression", "c1"));
    send(
        Topics.CLIENT_EVENT,
        "a",
        Events.client(P, "a", t.plusSeconds(1), "character_impression", "c1"));
    send(Topics.CLIENT_EVENT, "a", Events.client(P, "a", t.plusSeconds(2), "character_view", "c1"));
    for (int i = 0; i < 6; i++) {
      turn("a", t.plusSeconds(10 + i), "ca");
    }
    turn("a", day(1), "ca");
    send(Topics.CLIENT_EVENT, "b", Events.client(P, "b", t, "character_impression", "c1"));
    turn("b", t.plusSeconds(30), "cb"); // no character page: not a funnel message

    assertThat(get(FigureKind.FUNNEL, P, t, "", Fields.IMPRESSION)).isEqualTo(2);
    assertThat(get(FigureKind.FUNNEL, P, t, "", Fields.CHARACTER_PAGE)).isEqualTo(1);
    assertThat(get(FigureKind.FUNNEL, P, t, "", Fields.FIRST_MESSAGE)).isEqualTo(1);
    assertThat(get(FigureKind.FUNNEL, P, t, "", Fields.FIFTH_MESSAGE)).isEqualTo(1);
    assertThat(get(FigureKind.FUNNEL, P, t, "", Fields.NEXT_DAY)).isEqualTo(1);
  }

  @Test
  void funnelDoesNotDependOnWhichTopicDeliversFirst() {
    Instant t = day(0);
    for (int i = 0; i < 5; i++) {
      turn("c", t.plusSeconds(60 + i), "cc");
    }
    send(Topics.CLIENT_EVENT, "c", Events.client(P, "c", t, "character_impression", "c1"));
    send(
        Topics.CLIENT_EVENT, "c", Events.client(P, "c", t.plusSeconds(30), "character_view", "c1"));

    assertThat(get(FigureKind.FUNNEL, P, t, "", Fields.CHARACTER_PAGE)).isEqualTo(1);
    assertThat(get(FigureKind.FUNNEL, P, t, "", Fields.FIRST_MESSAGE)).isEqualTo(1);
    assertThat(get(FigureKind.FUNNEL, P, t, "", Fields.FIFTH_MESSAGE)).isEqualTo(1);
  }

  @Test
  void modelVersionSignals() {
    Instant t = day(0);
    String id1 = "r1";
    send(
        Topics.CHAT_TURN,
        "c",
        Events.turn(id1, P, "a", t, "c", "send", "v2", 100L, "c1", "allowed"));
    send(
        Topics.CHAT_TURN,
        "c",
        Events.turn(
            "r2", P, "a", t.plusSeconds(5), "c", "regenerate", "v1", 300L, "c1", "flagged"));
    send(Topics.CHAT_TURN, "c", Events.rating(P, "a", t.plusSeconds(6), "c", "m-" + id1, 2));
    send(Topics.CHAT_TURN, "c", Events.rating(P, "a", t.plusSeconds(7), "c", "m-" + id1, 4));
    send(Topics.CHAT_TURN, "c", Events.rating(P, "a", t.plusSeconds(8), "c", "m-r2", 3));
    send(Topics.MODEL_REQUEST, "q", Events.modelRequest(t, "companion-moe", "v2"));

    assertThat(get(FigureKind.MODEL, "", t, "v2", Fields.TURNS)).isEqualTo(1);
    assertThat(get(FigureKind.MODEL, "", t, "v2", Fields.REGENERATES)).isEqualTo(1);
    assertThat(get(FigureKind.MODEL, "", t, "v1", Fields.REGENERATES)).isZero();
    assertThat(get(FigureKind.MODEL, "", t, "v2", Fields.RATINGS)).isEqualTo(1);
    assertThat(get(FigureKind.MODEL, "", t, "v2", Fields.STARS_SUM)).isEqualTo(4);
    assertThat(get(FigureKind.MODEL, "", t, "v2", "stars_4")).isEqualTo(1);
    assertThat(get(FigureKind.MODEL, "", t, "v2", "stars_2")).isZero();
    assertThat(get(FigureKind.MODEL, "", t, "v1", Fields.STARS_SUM)).isEqualTo(3);
    assertThat(get(FigureKind.DAILY, P, t, "", Fields.FLAGGED)).isEqualTo(1);
    assertThat(get(FigureKind.DAILY, P, t, "", Fields.TURNS)).isEqualTo(2);
    assertThat(get(FigureKind.MODEL_ALIAS, "", t, "companion-moe|v2", Fields.REQUESTS))
        .isEqualTo(1);
    Figure v1 =
        figures.get(
            new FigureKey(FigureKind.MODEL, "", LocalDate.parse("2026-11-01"), "v1").asString());
    assertThat(TtftHistogram.quantile(v1.fields(), 0.5)).isBetween(300L, 360L);
  }

  @Test
  void aConversationIsAbandonedEarlyWhenItsUserGoesQuietBeforeTheThirdMessage() {
    Instant t = day(0);
    turn("a", t, "short");
    turn("b", t, "long");
    turn("b", t.plusSeconds(60), "long");
    turn("b", t.plusSeconds(120), "long");
    assertThat(get(FigureKind.MODEL, "", t, "v1", Fields.EARLY_ABANDONED)).isZero();

    turn("c", t.plus(Duration.ofMinutes(45)), "other"); // stream time moves past the gap
    assertThat(get(FigureKind.MODEL, "", t, "v1", Fields.EARLY_ABANDONED)).isEqualTo(1);
    assertThat(get(FigureKind.MODEL, "", t, "v1", Fields.CONVERSATIONS_STARTED)).isEqualTo(3);
  }

  @Test
  void charactersPerDay() {
    Instant t = day(0);
    send(
        Topics.CHAT_TURN,
        "x",
        Events.turn("k1", P, "a", t, "x", "send", "v1", 1L, "juliet", "allowed"));
    send(
        Topics.CHAT_TURN,
        "x",
        Events.turn("k2", P, "a", t.plusSeconds(1), "x", "send", "v1", 1L, "juliet", "allowed"));
    send(
        Topics.CHAT_TURN,
        "y",
        Events.turn("k3", P, "b", t, "y", "send", "v1", 1L, "juliet", "allowed"));
    send(
        Topics.CHAT_TURN,
        "y",
        Events.turn("k4", P, "b", day(7), "y", "send", "v1", 1L, "juliet", "allowed"));
    assertThat(get(FigureKind.CHARACTER, P, t, "juliet", Fields.CHATS)).isEqualTo(2);
    assertThat(get(FigureKind.CHARACTER, P, t, "juliet", Fields.MESSAGES)).isEqualTo(3);
    assertThat(get(FigureKind.CHARACTER, P, t, "juliet", Fields.NEW_CHATTERS)).isEqualTo(2);
    assertThat(get(FigureKind.CHARACTER, P, t, "juliet", Fields.D7_RETURNED)).isEqualTo(1);
  }

  @Test
  void creatorFiguresFollowTheOwnerWhicheverTopicComesFirst() {
    Instant t = day(0);
    // chats and a like reach the stream before the character's creation names its owner; the
    // like's userid is the liker, who must not become the owner
    send(Topics.CHAT_TURN, "x1", Events.message(P, "x", t, "x1", "a1"));
    send(Topics.CHAT_TURN, "x1", Events.message(P, "x", t.plusSeconds(5), "x1", "a1"));
    send(Topics.CHAT_TURN, "y1", Events.message(P, "y", t.plusSeconds(6), "y1", "a1"));
    send(Topics.CHARACTER_LIFECYCLE, "a1", Events.character(P, "y", t, "a1", "liked"));
    send(Topics.CHARACTER_LIFECYCLE, "a1", Events.character(P, "alice", t, "a1", "created"));
    send(Topics.CHARACTER_LIFECYCLE, "a2", Events.character(P, "alice", t, "a2", "created"));
    send(Topics.CHARACTER_LIFECYCLE, "b1", Events.character(P, "bob", t, "b1", "created"));
    send(Topics.CHAT_TURN, "z1", Events.message(P, "x", t.plusSeconds(7), "z1", "a2"));
    send(Topics.CHAT_TURN, "w1", Events.message(P, "y", t.plusSeconds(8), "w1", "b1"));
    // x is back with one of alice's characters on day 7
    send(Topics.CHAT_TURN, "x1", Events.message(P, "x", day(7), "x1", "a1"));

    assertThat(get(FigureKind.CREATOR, P, t, "alice", Fields.CHATS)).isEqualTo(3);
    assertThat(get(FigureKind.CREATOR, P, t, "alice", Fields.MESSAGES)).isEqualTo(4);
    assertThat(get(FigureKind.CREATOR, P, t, "alice", Fields.ACTIVE_CHARACTERS)).isEqualTo(2);
    assertThat(get(FigureKind.CREATOR, P, t, "alice", Fields.CHATTERS)).isEqualTo(2);
    assertThat(get(FigureKind.CREATOR, P, t, "alice", Fields.LIKES)).isEqualTo(1);
    assertThat(get(FigureKind.CREATOR, P, t, "alice", Fields.NEW_CHATTERS)).isEqualTo(2);
    assertThat(get(FigureKind.CREATOR, P, t, "alice", Fields.D7_RETURNED)).isEqualTo(1);
    assertThat(get(FigureKind.CREATOR, P, day(7), "alice", Fields.CHATTERS)).isEqualTo(1);
    assertThat(get(FigureKind.CREATOR, P, day(7), "alice", Fields.NEW_CHATTERS)).isZero();
    assertThat(get(FigureKind.CREATOR, P, t, "bob", Fields.CHATS)).isEqualTo(1);
    assertThat(get(FigureKind.CREATOR, P, t, "bob", Fields.CHATTERS)).isEqualTo(1);
    assertThat(get(FigureKind.CREATOR, P, t, "y", Fields.LIKES)).isZero();

    // x's account is deleted: what ties x to alice goes, the figures stay
    KeyValueStore<String, CreatorChatter> chatters =
        driver.getKeyValueStore(CreatorChatterProcessor.STORE);
    assertThat(chatters.get(P + "|x|alice")).isNotNull();
    send(Topics.ACCOUNT_LIFECYCLE, "account-x", accountDeleted("account-x", "x", day(7)));
    assertThat(chatters.get(P + "|x|alice")).isNull();
    assertThat(chatters.get(P + "|y|alice")).isNotNull();
    assertThat(get(FigureKind.CREATOR, P, t, "alice", Fields.CHATTERS)).isEqualTo(2);
    assertThat(deadLetters.readValuesToList()).isEmpty();
  }
}
