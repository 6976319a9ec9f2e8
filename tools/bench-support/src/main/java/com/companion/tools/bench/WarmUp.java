package com.companion.tools.bench;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When a warm-up has done enough. The measure is the JIT compiler threads' share of the CPU the
 * platform's processes spend, taken over the last {@link #WINDOW} rounds together: one round's
 * share swings by several points, so a rule on single rounds stops while the compilers are still
 * busy. Done when that share is at most the settled share, or when it has not reached a new low by
 * a point in {@link #PATIENCE} rounds, or after the most rounds allowed.
 */
public final class WarmUp {

  /** How many of the latest rounds the share is taken over. */
  public static final int WINDOW = 5;

  /** How many rounds without a new low (by a point) end the warm-up. */
  public static final int PATIENCE = 10;

  private final double settledShare;
  private final int maxRounds;
  private final Deque<double[]> window = new ArrayDeque<>();
  private double lowest = 1;
  private int sinceLower;
  private int rounds;

  /**
   * A warm-up of at most {@code maxRounds} rounds that has settled once the compilers' share is at
   * most {@code settledShare} (0.10 for 10%).
   */
  public WarmUp(double settledShare, int maxRounds) {
    this.settledShare = settledShare;
    this.maxRounds = maxRounds;
  }

  /** Records a round's CPU milliseconds, the compilers' and the rest; true when done. */
  public boolean done(double jitMs, double otherMs) {
    rounds++;
    window.addLast(new double[] {jitMs, otherMs});
    if (window.size() > WINDOW) {
      window.removeFirst();
    }
    if (rounds >= maxRounds) {
      return true;
    }
    if (window.size() < WINDOW) {
      return false;
    }
    double share = share();
    sinceLower = share < lowest - 0.01 ? 0 : sinceLower + 1;
    lowest = Math.min(lowest, share);
    return !(share > settledShare) || sinceLower >= PATIENCE;
  }

  /** The compilers' share over the last rounds (up to {@link #WINDOW}). */
  public double share() {
    double jit = 0;
    double other = 0;
    for (double[] round : window) {
      jit += round[0];
      other += round[1];
    }
    return other <= 0 ? 0 : jit / other;
  }
}
