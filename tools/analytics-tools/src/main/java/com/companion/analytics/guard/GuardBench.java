package com.companion.analytics.guard;

import com.companion.analytics.guard.QualityGuard.Counts;
import com.companion.analytics.guard.QualityGuard.Decision;
import com.companion.analytics.guard.QualityGuard.Signal;
import com.companion.analytics.guard.QualityGuard.Verdict;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A simulation of the guard's job: 10% of the turns go to a canary, simulated users react to
 * measurable properties of the replies they get (repetition and length), never to the version. A
 * degraded release line writes more repetitive, shorter replies; users regenerate them more, rate
 * them lower and leave early more often. It prints how many canary turns and minutes (at the
 * configured turn rate) the guard needed, and how often it rolled back an equal-quality canary.
 *
 * <p>This is a model of user behaviour, not the platform: it measures the statistics of the guard
 * (detection time, false alarms), not the serving path.
 */
public final class GuardBench {

  private static final double CANARY_SHARE = 0.10;
  private static final int TURNS_PER_MINUTE = 600;
  private static final int MAX_TURNS = 400_000;
  private static final int TURNS_PER_CONVERSATION = 8;

  private GuardBench() {}

  /** A release line: how repetitive and how long its replies are. */
  record Line(double repetitionMean, double lengthMean) {}

  record Run(Decision decision, Signal signal, long canaryTurns, long turns) {}

  public static int run(String[] args) throws Exception {
    if (java.util.Arrays.asList(args).contains("--live")) {
      return LiveGuardBench.run(args);
    }
    int runs = 200;
    long seed = 7;
    for (String arg : args) {
      if (arg.startsWith("--runs=")) {
        runs = Integer.parseInt(arg.substring(7));
      } else if (arg.startsWith("--seed=")) {
        seed = Long.parseLong(arg.substring(7));
      }
    }
    QualityGuard guard = new QualityGuard(0.05, 0.10, 1.3);
    Line stable = new Line(0.10, 60);
    Line degraded = new Line(0.22, 45);
    System.out.printf(
        Locale.ROOT,
        "quality guard: Wald SPRT per signal, alpha=0.05 overall, beta=0.10, catches x1.3; canary"
            + " %.0f%% of %d turns/min; %d runs each%n",
        CANARY_SHARE * 100,
        TURNS_PER_MINUTE,
        runs);
    System.out.println(
        "| canary | rolled back | kept | undecided | canary turns to decide (median, p90) | minutes (median) | signal |");
    System.out.println("|---|---|---|---|---|---|---|");
    report("degraded", guard, stable, degraded, runs, seed);
    report("equal", guard, stable, stable, runs, seed + 1);
    return 0;
  }

  private static void report(
      String name, QualityGuard guard, Line stable, Line canary, int runs, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int rolledBack = 0;
    int kept = 0;
    long[] canaryTurns = new long[runs];
    long[] turns = new long[runs];
    Map<Signal, Integer> deciding = new EnumMap<>(Signal.class);
    for (int i = 0; i < runs; i++) {
      Run run = simulate(guard, stable, canary, random.split());
      canaryTurns[i] = run.canaryTurns();
      turns[i] = run.turns();
      if (run.decision() == Decision.ROLL_BACK) {
        rolledBack++;
        deciding.merge(run.signal(), 1, Integer::sum);
      } else if (run.decision() == Decision.KEEP) {
        kept++;
      }
    }
    java.util.Arrays.sort(canaryTurns);
    java.util.Arrays.sort(turns);
    System.out.printf(
        Locale.ROOT,
        "| %s | %d (%.1f%%) | %d | %d | %d, %d | %.1f | %s |%n",
        name,
        rolledBack,
        100.0 * rolledBack / runs,
        kept,
        runs - rolledBack - kept,
        canaryTurns[runs / 2],
        canaryTurns[(int) (runs * 0.9)],
        (double) turns[runs / 2] / TURNS_PER_MINUTE,
        deciding);
  }

  static Run simulate(QualityGuard guard, Line stable, Line canary, SplittableRandom random) {
    long[][] bad = new long[2][3];
    long[][] exposure = new long[2][3];
    long canaryTurns = 0;
    for (long turn = 1; turn <= MAX_TURNS; turn++) {
      int arm = random.nextDouble() < CANARY_SHARE ? 1 : 0;
      Line line = arm == 1 ? canary : stable;
      canaryTurns += arm;
      double repetition = clamp(line.repetitionMean() + 0.05 * random.nextGaussian());
      double length = Math.max(5, line.lengthMean() + 15 * random.nextGaussian());
      // what users react to: repeated phrases and curt replies
      double annoyance = clamp(2.0 * repetition + (60 - length) / 200.0);
      exposure[arm][0]++;
      if (random.nextDouble() < 0.05 + 0.4 * annoyance) {
        bad[arm][0]++;
      }
      if (random.nextDouble() < 0.15) {
        exposure[arm][1]++;
        if (random.nextDouble() < 0.10 + 0.5 * annoyance) {
          bad[arm][1]++;
        }
      }
      if (turn % TURNS_PER_CONVERSATION == 0) {
        exposure[arm][2]++;
        if (random.nextDouble() < 0.08 + 0.3 * annoyance) {
          bad[arm][2]++;
        }
      }
      if (turn % 50 == 0) {
        Map<Signal, Counts> counts = new EnumMap<>(Signal.class);
        for (Signal signal : Signal.values()) {
          int s = signal.ordinal();
          counts.put(signal, new Counts(bad[0][s], exposure[0][s], bad[1][s], exposure[1][s]));
        }
        Verdict verdict = guard.judge(counts);
        if (verdict.decision() != Decision.CONTINUE) {
          return new Run(verdict.decision(), verdict.signal(), canaryTurns, turn);
        }
      }
    }
    return new Run(Decision.CONTINUE, null, canaryTurns, MAX_TURNS);
  }

  private static double clamp(double value) {
    return Math.max(0, Math.min(1, value));
  }
}
