package com.companion.character.engagement;

import com.companion.character.CharacterProperties;
import com.companion.character.character.TrendingBaseline;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Trending as exponential decay: {@code score(now) = Σ weight_i · 2^(-(now - t_i) / halfLife)} over
 * a character's signals (chat starts, likes, its approval).
 *
 * <p>Decay would change every score every second. Instead each row stores {@code log2(Σ weight_i ·
 * 2^((t_i - EPOCH) / halfLife))}: all scores would decay by the same factor, so this number orders
 * characters exactly as the decayed score does, never needs a refresh, and a new signal is one
 * atomic log-sum-exp update in SQL. An unlike subtracts exactly what its like added, also in SQL
 * (the arithmetic lives in {@code EngagementRepository} only). Stored in log form so that it never
 * overflows.
 */
@Component
public class TrendingScore implements TrendingBaseline {

  /** The reference point of stored scores; any fixed instant works. */
  public static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");

  /** Floor for a score whose signals were all withdrawn: log2 of a negligible weight. */
  private static final double EMPTY = -1000.0;

  private final double halfLifeSeconds;

  @Autowired
  public TrendingScore(CharacterProperties properties) {
    this(properties.trending().halfLife());
  }

  public TrendingScore(Duration halfLife) {
    this.halfLifeSeconds = halfLife.toMillis() / 1000.0;
  }

  /** The stored (log2) form of one signal of this weight at this instant. */
  public double signal(double weight, Instant at) {
    return log2(weight) + Duration.between(EPOCH, at).toMillis() / 1000.0 / halfLifeSeconds;
  }

  /** The decayed score at {@code now} of a stored score. */
  public double valueAt(double stored, Instant now) {
    return Math.pow(2, stored - signal(1, now));
  }

  public static double empty() {
    return EMPTY;
  }

  /** A new character's stored score: {@link #empty()}. */
  @Override
  public double noSignals() {
    return EMPTY;
  }

  static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
