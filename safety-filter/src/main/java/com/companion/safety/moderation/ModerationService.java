package com.companion.safety.moderation;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.safety.policy.Policy;
import com.companion.safety.policy.PolicyDecision;
import com.companion.safety.policy.PolicyEvaluator;
import com.companion.safety.policy.PolicyRegistry;
import com.companion.safety.review.ModerationWorkflow;
import com.companion.safety.review.NewQueueItem;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  private final ModerationWorkflow workflow;
  private final SupportDirectory support;
  private final MeterRegistry meters;

  public ModerationService(
      ModerationEngine engine,
      PolicyEvaluator evaluator,
      PolicyRegistry policies,
      ModerationWorkflow workflow,
      SupportDirectory support,
      MeterRegistry meters) {
    this.engine = engine;
    this.evaluator = evaluator;
    this.policies = policies;
    this.workflow = workflow;
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
    Set<String> categories = new java.util.TreeSet<>();
    for (ModerationResponse.Result r : response.results()) {
      categories.addAll(r.triggeredCategories());
    }
    Map<String, Object> ctx = new LinkedHashMap<>();
    if (context.conversationId() != null) {
      ctx.put("conversation_id", context.conversationId());
    }
    if (context.characterId() != null) {
      ctx.put("character_id", context.characterId());
    }
    if (context.precedingTurns() != null) {
      ctx.put("preceding_turns", context.precedingTurns());
    }
    ctx.put("action", response.action().wireName());
    String targetType = context.targetType() == null ? "message" : context.targetType();
    UUID id =
        workflow.enqueue(
            new NewQueueItem(
                targetType,
                context.targetId(),
                caller.product(),
                context.authorId() != null ? context.authorId() : caller.userId(),
                caller.isMinor(),
                "automatic",
                List.copyOf(categories),
                String.join("\n", inputs),
                ctx),
            "system");
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
