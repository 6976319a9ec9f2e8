package com.companion.identity.guardian;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeSpentTest {

  private static final Duration GAP = Duration.ofMinutes(5);

  private static ChatActivity.Turn at(String time) {
    return new ChatActivity.Turn(Instant.parse(time), "c");
  }

  @Test
  void turnsCloserThanTheGapMakeOneSessionFromFirstToLast() {
    var minutes =
        TimeSpent.minutesPerDay(
            List.of(
                at("2026-11-30T10:00:00Z"), at("2026-11-30T10:04:00Z"), at("2026-11-30T10:08:00Z")),
            GAP);
    assertThat(minutes).containsEntry(LocalDate.parse("2026-11-30"), 8L);
  }

  @Test
  void aLongPauseStartsANewSessionAndEachCountsAtLeastAMinute() {
    var minutes =
        TimeSpent.minutesPerDay(
            List.of(at("2026-11-30T10:00:00Z"), at("2026-11-30T12:00:00Z")), GAP);
    assertThat(minutes).containsEntry(LocalDate.parse("2026-11-30"), 2L);
  }

  @Test
  void aSessionAcrossMidnightCountsOnEachDayForItsPartOfThatDay() {
    var minutes =
        TimeSpent.minutesPerDay(
            List.of(
                at("2026-11-30T23:52:00Z"), at("2026-11-30T23:57:00Z"), at("2026-12-01T00:01:00Z")),
            GAP);
    assertThat(minutes)
        .containsEntry(LocalDate.parse("2026-11-30"), 8L)
        .containsEntry(LocalDate.parse("2026-12-01"), 1L);
  }

  @Test
  void noTurnsNoTime() {
    assertThat(TimeSpent.minutesPerDay(List.of(), GAP)).isEmpty();
  }
}
