package com.companion.character.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The decay of a stored signal; adding and taking back signals is SQL ({@code TrendingSqlIT}). */
class TrendingScoreTest {

  private final TrendingScore trending = new TrendingScore(Duration.ofHours(24));
  private final Instant t0 = Instant.parse("2026-11-01T00:00:00Z");

  @Test
  void aSignalCountsHalfAfterOneHalfLife() {
    double stored = trending.signal(2.0, t0);
    assertThat(trending.valueAt(stored, t0)).isCloseTo(2.0, within(1e-9));
    assertThat(trending.valueAt(stored, t0.plus(Duration.ofHours(24))))
        .isCloseTo(1.0, within(1e-9));
    assertThat(trending.valueAt(stored, t0.plus(Duration.ofHours(72))))
        .isCloseTo(0.25, within(1e-9));
  }

  @Test
  void scoresYearsFromTheEpochStayFinite() {
    Instant late = Instant.parse("2060-01-01T00:00:00Z");
    double stored = trending.signal(1, late);
    assertThat(Double.isFinite(stored)).isTrue();
    assertThat(trending.valueAt(stored, late)).isCloseTo(1.0, within(1e-6));
  }
}
