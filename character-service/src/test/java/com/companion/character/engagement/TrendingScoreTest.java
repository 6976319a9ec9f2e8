package com.companion.character.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TrendingScoreTest {

  private final TrendingScore trending = new TrendingScore(Duration.ofHours(24));
  private final Instant t0 = Instant.parse("2026-11-01T00:00:00Z");

  @Test
  void aSignalCountsHalfAfterOneHalfLife() {
    double stored = TrendingScore.add(TrendingScore.empty(), trending.signal(2.0, t0));
    assertThat(trending.valueAt(stored, t0)).isCloseTo(2.0, within(1e-9));
    assertThat(trending.valueAt(stored, t0.plus(Duration.ofHours(24))))
        .isCloseTo(1.0, within(1e-9));
    assertThat(trending.valueAt(stored, t0.plus(Duration.ofHours(72))))
        .isCloseTo(0.25, within(1e-9));
  }

  @Test
  void signalsAddUpAndRecentOnesWeighMore() {
    double old = TrendingScore.add(TrendingScore.empty(), trending.signal(10, t0));
    double fresh =
        TrendingScore.add(TrendingScore.empty(), trending.signal(3, t0.plus(Duration.ofDays(2))));
    // 10 likes-worth two days ago (2.5 now) rank below 3 today
    assertThat(fresh).isGreaterThan(old);
    double both = TrendingScore.add(old, trending.signal(3, t0.plus(Duration.ofDays(2))));
    assertThat(trending.valueAt(both, t0.plus(Duration.ofDays(2)))).isCloseTo(5.5, within(1e-9));
  }

  @Test
  void removingASignalUndoesExactlyIt() {
    double a = TrendingScore.add(TrendingScore.empty(), trending.signal(1, t0));
    double like = trending.signal(2, t0.plusSeconds(3600));
    double withLike = TrendingScore.add(a, like);
    assertThat(TrendingScore.remove(withLike, like)).isCloseTo(a, within(1e-9));
    assertThat(TrendingScore.remove(a, trending.signal(1, t0))).isEqualTo(TrendingScore.empty());
  }

  @Test
  void scoresYearsFromTheEpochStayFinite() {
    Instant late = Instant.parse("2060-01-01T00:00:00Z");
    double stored = TrendingScore.add(TrendingScore.empty(), trending.signal(1, late));
    assertThat(Double.isFinite(stored)).isTrue();
    assertThat(trending.valueAt(stored, late)).isCloseTo(1.0, within(1e-6));
  }
}
