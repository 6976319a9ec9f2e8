package com.companion.analytics.guard;

import java.util.EnumMap;
import java.util.Map;

/**
 * Judges a canary by its users' signals against the stable version on the same traffic, with one
 * Wald sequential probability ratio test per signal.
 *
 * <p>Each test looks only at the bad outcomes (a regenerate, a rating of 1 or 2 stars, an early
 * abandonment) and asks which version they came from. If the canary is as good as stable, a bad
 * outcome comes from the canary with probability {@code p0} = the canary's share of the exposure
 * (turns, ratings or conversations); if it is {@code worseBy} times as bad, with {@code p1 = r·p0 /
 * (r·p0 + 1 − p0)}. The log-likelihood ratio of the observed split is compared with Wald's bounds:
 * above {@code log((1−β)/α)} the canary is worse (roll back), below {@code log(β/(1−α))} it is not
 * worse by that much. The false-alarm rate is at most α overall: each of the three tests runs at
 * α/3. Testing only the split of bad outcomes makes the test independent of how bad both versions
 * are on a given day, and of how much traffic there is.
 */
public final class QualityGuard {

  /** The user signals the guard watches. */
  public enum Signal {
    REGENERATE,
    LOW_RATING,
    EARLY_ABANDON
  }

  /** What the guard concludes. */
  public enum Decision {
    CONTINUE,
    ROLL_BACK,
    KEEP
  }

  /**
   * @param decision roll back, keep (no signal shows the canary worse), or continue watching
   * @param signal the signal that decided a roll back; null otherwise
   * @param logLikelihoodRatio per signal
   */
  public record Verdict(Decision decision, Signal signal, Map<Signal, Double> logLikelihoodRatio) {}

  /** Counts of one signal: bad outcomes and exposure, per version. */
  public record Counts(long stableBad, long stableExposure, long canaryBad, long canaryExposure) {}

  private final double upper;
  private final double lower;
  private final double worseBy;

  /**
   * @param falseAlarm α, the chance of rolling back a canary that is as good as stable
   * @param missed β, the chance of keeping a canary that is {@code worseBy} times as bad
   * @param worseBy the ratio of bad-outcome rates the guard must catch, e.g. 1.3
   */
  public QualityGuard(double falseAlarm, double missed, double worseBy) {
    double alpha = falseAlarm / Signal.values().length;
    this.upper = Math.log((1 - missed) / alpha);
    this.lower = Math.log(missed / (1 - alpha));
    this.worseBy = worseBy;
  }

  public Verdict judge(Map<Signal, Counts> counts) {
    Map<Signal, Double> llr = new EnumMap<>(Signal.class);
    boolean allNotWorse = true;
    for (Signal signal : Signal.values()) {
      Counts c = counts.get(signal);
      double ratio = c == null ? 0 : logLikelihoodRatio(c);
      llr.put(signal, ratio);
      if (ratio >= upper) {
        return new Verdict(Decision.ROLL_BACK, signal, llr);
      }
      allNotWorse &= ratio <= lower;
    }
    return new Verdict(allNotWorse ? Decision.KEEP : Decision.CONTINUE, null, llr);
  }

  double logLikelihoodRatio(Counts c) {
    long exposure = c.stableExposure() + c.canaryExposure();
    if (exposure == 0 || c.canaryExposure() == 0 || c.stableExposure() == 0) {
      return 0;
    }
    double p0 = (double) c.canaryExposure() / exposure;
    double p1 = worseBy * p0 / (worseBy * p0 + 1 - p0);
    return c.canaryBad() * Math.log(p1 / p0) + c.stableBad() * Math.log((1 - p1) / (1 - p0));
  }
}
