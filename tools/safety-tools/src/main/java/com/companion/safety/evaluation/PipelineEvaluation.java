package com.companion.safety.evaluation;

import com.companion.safety.classifier.LabelledText;
import com.companion.safety.moderation.Action;
import com.companion.safety.moderation.Category;
import com.companion.safety.policy.Policy;
import com.companion.safety.policy.PolicyDecision;
import com.companion.safety.policy.PolicyEvaluator;
import com.companion.safety.scoring.ModerationEngine;
import com.companion.safety.scoring.ModerationResult;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What users get, measured like the bare classifier: each text goes through the whole pipeline
 * (normaliser, lexicon, personal data, classifier, calibration, policy) and counts as judged
 * abusive when the platform's answer is flagged, that is some category scores at least 0.5 or the
 * policy's action is anything but allow (the {@code flagged} of {@code POST /v1/moderations}). Also
 * counts the actions, since a flag for review and a block are not the same for the user.
 */
public record PipelineEvaluation(Metrics binary, Map<Action, Integer> actions) {

  /** A category counts as flagged from this score on (as in the moderation API). */
  public static final double CATEGORY_THRESHOLD = 0.5;

  public static PipelineEvaluation run(
      ModerationEngine engine, PolicyEvaluator evaluator, Policy policy, List<LabelledText> rows) {
    Metrics binary = new Metrics(2);
    Map<Action, Integer> actions = new EnumMap<>(Action.class);
    for (LabelledText row : rows) {
      ModerationResult result = engine.moderate(row.text());
      PolicyDecision decision = evaluator.decide(row.text(), result, policy);
      boolean flagged = decision.action() != Action.ALLOW;
      for (Category c : Category.values()) {
        flagged |= result.score(c) >= CATEGORY_THRESHOLD;
      }
      binary.add(row.abusive() ? 1 : 0, flagged ? 1 : 0);
      actions.merge(decision.action(), 1, Integer::sum);
    }
    return new PipelineEvaluation(binary, actions);
  }

  /** Share of the texts that got {@code action}. */
  public double share(Action action) {
    long total = binary.total();
    return total == 0 ? 0 : (double) actions.getOrDefault(action, 0) / total;
  }
}
