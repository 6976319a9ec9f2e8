package com.companion.safety.screening;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.safety.moderation.Action;
import com.companion.safety.moderation.Category;
import com.companion.safety.moderation.SupportDirectory;
import com.companion.safety.policy.Policy;
import com.companion.safety.policy.PolicyDecision;
import com.companion.safety.policy.PolicyEvaluator;
import com.companion.safety.policy.PolicyRegistry;
import com.companion.safety.scoring.ModerationEngine;
import com.companion.safety.scoring.ModerationResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Moderates texts under the caller's policy and, with context, queues what needs a human. */
@Service
public class ModerationService {

  public static final String MODEL = "companion-safety-1";

  /** A category is reported {@code true} in {@code categories} from this score on. */
  public static final double CATEGORY_THRESHOLD = 0.5;

  private final ModerationEngine engine;
  private final PolicyEvaluator evaluator;
  private final PolicyRegistry policies;
  private final ReviewQueue reviews;
  private final SupportDirectory support;
  private final MeterRegistry meters;

  public ModerationService(
      ModerationEngine engine,
      PolicyEvaluator evaluator,
      PolicyRegistry policies,
      ReviewQueue reviews,
      SupportDirectory support,
      MeterRegistry meters) {
    this.engine = engine;
    this.evaluator = evaluator;
    this.policies = policies;
    this.reviews = reviews;
    this.support = support;
    this.meters = meters;
  }

  /** The CPU-only part: scores and verdicts. */
  public ModerationResponse moderate(List<String> inputs, PlatformPrincipal caller) {
    Policy policy = policies.policyFor(caller.product(), caller.ageGroup());
    List<ModerationResponse.Result> results = new ArrayList<>(inputs.size());
    Action overall = Action.ALLOW;
    for (String text : inputs) {
      ModerationResult r = engine.moderate(text);
      PolicyDecision d = evaluator.decide(text, r, policy);
      Map<String, Boolean> categories = new LinkedHashMap<>();
      Map<String, Double> scores = new LinkedHashMap<>();
      boolean flagged = false;
      for (Category c : Category.values()) {
        double s = Math.round(r.score(c) * 1e6) / 1e6;
        boolean on = s >= CATEGORY_THRESHOLD;
        flagged |= on;
        categories.put(c.wireName(), on);
        scores.put(c.wireName(), s);
      }
      List<String> triggered = d.triggered().stream().sorted().map(Category::wireName).toList();
      results.add(
          new ModerationResponse.Result(
              flagged || d.action() != Action.ALLOW,
              categories,
              scores,
              d.action(),
              triggered,
              d.action() == Action.REDACT ? d.redactedText() : null,
              d.selfHarm() ? support.forText(caller.product(), text) : null,
              engine.lexicon().version(),
              policy.version()));
      overall = overall.max(d.action());
      meters
          .counter(
              "safety.moderations",
              "action",
              d.action().wireName(),
              "age_group",
              caller.ageGroup().claimValue())
          .increment();
    }
    return new ModerationResponse(
        "modr-" + UUID.randomUUID(), MODEL, overall, List.copyOf(results), null);
  }

  /** Whether {@link #enqueue} has something to do (so callers go off the event loop only then). */
  public static boolean needsReview(ModerationResponse response, ModerationContext context) {
    return context != null
        && context.targetId() != null
        && (response.action() == Action.BLOCK || response.action() == Action.FLAG_FOR_REVIEW);
  }

  /** Queues the flagged texts with their context. Blocking. */
  public ModerationResponse enqueue(
      ModerationResponse response,
      List<String> inputs,
      ModerationContext context,
      PlatformPrincipal caller) {
    UUID id = reviews.enqueue(response, inputs, context, caller);
    return new ModerationResponse(
        response.id(), response.model(), response.action(), response.results(), id.toString());
  }

  /** Categories worth a human look even when nothing blocked (used for reports). */
  public List<String> categoriesOf(String text) {
    ModerationResult r = engine.moderate(text);
    EnumSet<Category> out = EnumSet.noneOf(Category.class);
    for (Category c : Category.values()) {
      if (r.score(c) >= CATEGORY_THRESHOLD) {
        out.add(c);
      }
    }
    return out.stream().map(Category::wireName).toList();
  }
}
