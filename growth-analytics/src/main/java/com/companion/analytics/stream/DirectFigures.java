package com.companion.analytics.stream;

import static com.companion.analytics.figure.FigureKind.CHARACTER;
import static com.companion.analytics.figure.FigureKind.DAILY;
import static com.companion.analytics.figure.FigureKind.DEAD_LETTER;
import static com.companion.analytics.figure.FigureKind.MODEL_ALIAS;

import com.companion.analytics.figure.Delta;
import com.companion.analytics.figure.Fields;
import com.companion.analytics.figure.FigureKey;
import com.companion.analytics.intake.DeadLetter;
import com.companion.analytics.intake.Fact;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/** Figures that one event changes on its own, with no memory of earlier events. */
final class DirectFigures {

  static final String REPORT_EVENT = "report_submitted";

  private static final long DAY_MS = Duration.ofDays(1).toMillis();

  private DirectFigures() {}

  static List<KeyValue<String, Delta>> of(Fact fact) {
    long day = Math.floorDiv(fact.time(), DAY_MS);
    List<KeyValue<String, Delta>> out = new ArrayList<>(2);
    switch (fact.kind()) {
      case CHARACTER -> {
        long change =
            switch (fact.name()) {
              case "liked" -> 1;
              case "unliked" -> -1;
              default -> 0;
            };
        if (change != 0) {
          out.add(pair(FigureKey.of(DAILY, fact.product(), day), Delta.of(Fields.LIKES, change)));
          out.add(
              pair(
                  FigureKey.of(CHARACTER, fact.product(), day, fact.characterId()),
                  Delta.of(Fields.LIKES, change)));
        }
      }
      case SAFETY ->
          out.add(
              pair(
                  FigureKey.of(DAILY, fact.product(), day),
                  Delta.of(Fields.MODERATION_ACTIONS, 1)));
      case CLIENT -> {
        if (REPORT_EVENT.equals(fact.name())) {
          out.add(pair(FigureKey.of(DAILY, fact.product(), day), Delta.of(Fields.REPORTS, 1)));
        }
      }
      case MODEL_REQUEST ->
          out.add(
              pair(
                  FigureKey.of(
                      MODEL_ALIAS,
                      "",
                      day,
                      fact.alias()
                          + "|"
                          + (fact.modelVersion() == null ? "" : fact.modelVersion())),
                  Delta.of(Fields.REQUESTS, 1)));
      default -> {}
    }
    out.removeIf(pair -> pair.value.isEmpty());
    return out;
  }

  static KeyValue<String, Delta> of(DeadLetter letter) {
    return pair(
        FigureKey.of(DEAD_LETTER, "", Math.floorDiv(letter.timestamp(), DAY_MS), letter.category()),
        Delta.of(Fields.EVENTS, 1));
  }

  private static KeyValue<String, Delta> pair(FigureKey key, Delta delta) {
    return KeyValue.pair(key.asString(), delta);
  }
}
