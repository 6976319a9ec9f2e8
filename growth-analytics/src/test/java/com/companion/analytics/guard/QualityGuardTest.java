package com.companion.analytics.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.analytics.guard.QualityGuard.Counts;
import com.companion.analytics.guard.QualityGuard.Decision;
import com.companion.analytics.guard.QualityGuard.Signal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityGuardTest {

  private final QualityGuard guard = new QualityGuard(0.05, 0.10, 1.3);

  @Test
  void aCanaryWithTwiceTheRegeneratesIsRolledBack() {
    var verdict = guard.judge(Map.of(Signal.REGENERATE, new Counts(900, 9_000, 200, 1_000)));
    assertThat(verdict.decision()).isEqualTo(Decision.ROLL_BACK);
    assertThat(verdict.signal()).isEqualTo(Signal.REGENERATE);
  }

  @Test
  void aCanaryAsGoodAsStableIsKeptOnceEverySignalHasEnoughEvidence() {
    var verdict =
        guard.judge(
            Map.of(
                Signal.REGENERATE, new Counts(4_500, 45_000, 500, 5_000),
                Signal.LOW_RATING, new Counts(2_700, 9_000, 300, 1_000),
                Signal.EARLY_ABANDON, new Counts(1_800, 9_000, 200, 1_000)));
    assertThat(verdict.decision()).isEqualTo(Decision.KEEP);
  }

  @Test
  void littleEvidenceDecidesNothing() {
    assertThat(guard.judge(Map.of(Signal.REGENERATE, new Counts(9, 90, 2, 10))).decision())
        .isEqualTo(Decision.CONTINUE);
    assertThat(guard.judge(Map.of()).decision()).isEqualTo(Decision.CONTINUE);
  }
}
