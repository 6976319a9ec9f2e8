package com.companion.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The warm-up goes on while the compilers' share still falls, however much single rounds swing. */
class WarmUpTest {

  /**
   * Rounds of 100 ms of CPU each, {@code shares[i]} of it the compilers'; the round it stops at.
   */
  private static int stopsAfter(WarmUp warmUp, double... shares) {
    for (int round = 0; round < shares.length; round++) {
      if (warmUp.done(100 * shares[round], 100)) {
        return round + 1;
      }
    }
    return -1;
  }

  @Test
  void aShareThatSwingsWhileItFallsKeepsTheWarmUpGoingUntilItSettles() {
    // one round at a time this finds no new low for five rounds after the 9th (0.30); over five
    // rounds together the share keeps falling, and it reaches 10% in round 25
    double[] shares = {
      0.48, 0.41, 0.42, 0.43, 0.40, 0.42, 0.38, 0.36, 0.30, 0.34, 0.30, 0.35, 0.30, 0.33, 0.26,
      0.28, 0.22, 0.24, 0.18, 0.16, 0.12, 0.10, 0.09, 0.08, 0.06, 0.05
    };
    assertThat(stopsAfter(new WarmUp(0.10, 60), shares)).isEqualTo(25);
  }

  @Test
  void aShareThatNoLongerFallsEndsTheWarmUpAfterItsPatience() {
    double[] flat = new double[40];
    java.util.Arrays.fill(flat, 0.30);
    // the first full window sets the low; then PATIENCE rounds without a new one
    assertThat(stopsAfter(new WarmUp(0.10, 60), flat)).isEqualTo(WarmUp.WINDOW + WarmUp.PATIENCE);
  }

  @Test
  void theWarmUpNeverRunsPastItsMostRounds() {
    double[] falling = new double[10];
    for (int i = 0; i < falling.length; i++) {
      falling[i] = 0.9 - 0.05 * i;
    }
    assertThat(stopsAfter(new WarmUp(0.10, 7), falling)).isEqualTo(7);
  }
}
