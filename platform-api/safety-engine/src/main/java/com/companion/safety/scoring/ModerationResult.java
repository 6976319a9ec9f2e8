package com.companion.safety.scoring;

import com.companion.safety.classifier.ClassifierScores;
import com.companion.safety.moderation.Category;
import com.companion.safety.moderation.Hit;
import com.companion.safety.normalize.NormalizedText;
import java.util.EnumMap;
import java.util.List;

/** Scores of one text before any policy: per category in [0, 1], plus the evidence. */
public record ModerationResult(
    NormalizedText normalized,
    EnumMap<Category, Double> scores,
    List<Hit> hits,
    ClassifierScores classifier) {

  public double score(Category c) {
    return scores.getOrDefault(c, 0.0);
  }

  public boolean anySelfHarm(double threshold) {
    for (Category c : Category.values()) {
      if (c.isSelfHarm() && score(c) >= threshold) {
        return true;
      }
    }
    return false;
  }
}
