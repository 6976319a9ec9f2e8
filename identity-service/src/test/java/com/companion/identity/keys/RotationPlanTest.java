package com.companion.identity.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.identity.keys.RotationPlan.KeyTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RotationPlanTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final RotationPlan plan =
      new RotationPlan(Duration.ofDays(30), Duration.ofDays(1), Duration.ofMinutes(40));

  @Test
  void theFirstKeySignsAtOnce() {
    assertThat(plan.nextActivation(List.of(), T0)).contains(T0);
  }

  @Test
  void theNextKeyIsPublishedADayBeforeItSigns() {
    List<KeyTimes> one = List.of(new KeyTimes("a", T0, null));
    assertThat(plan.nextActivation(one, T0.plus(Duration.ofDays(28)))).isEmpty();
    assertThat(plan.nextActivation(one, T0.plus(Duration.ofDays(29))))
        .contains(T0.plus(Duration.ofDays(30)));
    // a service that was down past the due time still announces the key a day ahead
    Instant late = T0.plus(Duration.ofDays(45));
    assertThat(plan.nextActivation(one, late)).contains(late.plus(Duration.ofDays(1)));
  }

  @Test
  void theNewestActiveKeySignsAndTheFutureOneWaits() {
    Instant t1 = T0.plus(Duration.ofDays(30));
    List<KeyTimes> two = List.of(new KeyTimes("a", T0, null), new KeyTimes("b", t1, null));
    assertThat(plan.signing(two, t1.minusSeconds(1))).map(KeyTimes::kid).contains("a");
    assertThat(plan.signing(two, t1)).map(KeyTimes::kid).contains("b");
  }

  @Test
  void anOldKeyStaysPublishedUntilItsLastTokenExpired() {
    Instant t1 = T0.plus(Duration.ofDays(30));
    List<KeyTimes> retired =
        plan.withRetirement(List.of(new KeyTimes("b", t1, null), new KeyTimes("a", T0, null)));
    KeyTimes a = retired.get(0);
    assertThat(a.kid()).isEqualTo("a");
    assertThat(a.retireAfter()).isEqualTo(t1.plus(Duration.ofMinutes(40)));
    assertThat(retired.get(1).retireAfter()).isNull();
    assertThat(plan.published(a, t1.plus(Duration.ofMinutes(39)))).isTrue();
    assertThat(plan.published(a, t1.plus(Duration.ofMinutes(41)))).isFalse();
  }
}
