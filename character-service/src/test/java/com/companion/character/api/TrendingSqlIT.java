package com.companion.character.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.companion.character.engagement.TrendingScore;
import com.companion.character.engagement.internal.EngagementRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The trending score's arithmetic, which lives in SQL only, on a character with no signals. */
class TrendingSqlIT extends ApiTestBase {

  @Autowired EngagementRepository engagement;
  @Autowired JdbcClient jdbc;

  private final TrendingScore trending = new TrendingScore(Duration.ofHours(24));
  private final Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
  private UUID id;

  @BeforeEach
  void aCharacterWithoutSignals() {
    id = UUID.fromString(create(adult(), "Scored", "private").get("id").stringValue());
    jdbc.sql("update character.characters set trending_score = ? where id = ?")
        .params(TrendingScore.empty(), id)
        .update();
  }

  @Test
  void signalsAddUpAndRecentOnesWeighMore() {
    engagement.addTrendingSignal(id, trending.signal(10, t0));
    double old = score();
    engagement.addTrendingSignal(id, trending.signal(3, t0.plus(Duration.ofDays(2))));
    // 10 two days ago (2.5 by now) and 3 today
    assertThat(trending.valueAt(score(), t0.plus(Duration.ofDays(2)))).isCloseTo(5.5, within(1e-9));
    assertThat(trending.valueAt(old, t0.plus(Duration.ofDays(2)))).isCloseTo(2.5, within(1e-9));
  }

  @Test
  void takingASignalBackUndoesExactlyIt() {
    engagement.addTrendingSignal(id, trending.signal(1, t0));
    double before = score();
    double like = trending.signal(2, t0.plusSeconds(3600));
    engagement.addTrendingSignal(id, like);
    engagement.removeTrendingSignal(id, like);
    assertThat(score()).isCloseTo(before, within(1e-9));
    engagement.removeTrendingSignal(id, trending.signal(1, t0));
    assertThat(score()).isEqualTo(TrendingScore.empty());
  }

  @Test
  void signalsFarApartNeitherUnderflowNorMoveTheLargerOne() {
    double now = trending.signal(1, t0);
    engagement.addTrendingSignal(id, now);
    // a signal 2,000 half-lives older is far below a double's precision beside the newer one (and
    // 2^-2000 underflows in PostgreSQL)
    double ancient = trending.signal(1, t0.minus(Duration.ofDays(2000)));
    engagement.addTrendingSignal(id, ancient);
    assertThat(score()).isEqualTo(now);
    engagement.removeTrendingSignal(id, ancient);
    assertThat(score()).isEqualTo(now);
  }

  private double score() {
    return jdbc.sql("select trending_score from character.characters where id = ?")
        .param(id)
        .query(Double.class)
        .single();
  }
}
