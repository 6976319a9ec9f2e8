package com.companion.analytics.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.analytics.guard.GuardBench.Line;
import com.companion.analytics.guard.QualityGuard.Decision;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The quality guard over the bench's simulated users: a degraded canary is caught, an equal one
 * rarely.
 */
class QualityGuardSimulationTest {

  private final QualityGuard guard = new QualityGuard(0.05, 0.10, 1.3);

  @Test
  void inSimulationItRollsBackADegradedLineAndRarelyAnEqualOne() {
    Line stable = new Line(0.10, 60);
    Line degraded = new Line(0.22, 45);
    SplittableRandom random = new SplittableRandom(11);
    int falseAlarms = 0;
    int detected = 0;
    int runs = 100;
    for (int i = 0; i < runs; i++) {
      if (GuardBench.simulate(guard, stable, stable, random.split()).decision()
          == Decision.ROLL_BACK) {
        falseAlarms++;
      }
      if (GuardBench.simulate(guard, stable, degraded, random.split()).decision()
          == Decision.ROLL_BACK) {
        detected++;
      }
    }
    // alpha is 5%; allow for the sampling error of 100 runs
    assertThat(falseAlarms).isLessThanOrEqualTo(10);
    assertThat(detected).isGreaterThanOrEqualTo(95);
  }
}
