package com.companion.safety.engine;

import com.companion.contracts.auth.AgeGroup;
import com.companion.safety.classifier.TextClassifier;
import com.companion.safety.lexicon.LexiconMatcher;
import com.companion.safety.moderation.Action;
import com.companion.safety.moderation.Category;
import com.companion.safety.moderation.SupportDirectory;
import com.companion.safety.moderation.SupportiveReply;
import com.companion.safety.policy.DefaultPolicies;
import com.companion.safety.policy.Policy;
import com.companion.safety.policy.PolicyDecision;
import com.companion.safety.policy.PolicyEvaluator;
import com.companion.safety.scoring.ModerationEngine;
import com.companion.safety.scoring.ModerationResult;
import com.companion.safety.stream.ModerationStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole moderation pipeline of one {@link SafetySnapshot}, in process: the same normaliser,
 * lexicon matcher, classifier and policy evaluation safety-filter runs behind {@code POST
 * /v1/moderations} and its streaming sessions, so a text gets the same verdict here as there.
 * Immutable; a newer snapshot makes a new moderator.
 */
public final class Moderator {

  /** A category counts as flagged from this score on (as in safety-filter's answers). */
  public static final double CATEGORY_THRESHOLD = 0.5;

  static final String STOP_MESSAGE_ZH = "抱歉，这段回复不适合继续显示。我们换个话题聊聊吧。";
  static final String STOP_MESSAGE_EN =
      "Sorry, this reply cannot be shown. Let's talk about something else.";

  /**
   * One text's verdict.
   *
   * @param triggered the categories that drove the action
   * @param flagged every category scoring at least {@link #CATEGORY_THRESHOLD}
   * @param support set when the text signals self-harm
   */
  public record Verdict(
      Action action, Set<Category> triggered, List<String> flagged, SupportiveReply support) {}

  private final SafetySnapshot snapshot;
  private final ModerationEngine engine;
  private final PolicyEvaluator evaluator;
  private final Map<String, Policy> policies = new HashMap<>();
  private final SupportDirectory support;

  public Moderator(SafetySnapshot snapshot, TextClassifier classifier) {
    this.snapshot = snapshot;
    LexiconMatcher lexicon = LexiconMatcher.of(snapshot.lexicon(), snapshot.lexiconVersion());
    this.engine = new ModerationEngine(() -> lexicon, classifier);
    this.evaluator = new PolicyEvaluator(engine);
    for (Policy p : snapshot.policies()) {
      policies.put(key(p.product(), p.ageGroup()), p);
    }
    this.support = new SupportDirectory(snapshot.support());
  }

  public String version() {
    return snapshot.version();
  }

  public SafetySnapshot snapshot() {
    return snapshot;
  }

  /** The product's own policy, else the stored default, else the built-in one. */
  public Policy policyFor(String product, AgeGroup ageGroup) {
    Policy p = policies.get(key(product, ageGroup));
    if (p == null) {
      p = policies.get(key(Policy.ANY_PRODUCT, ageGroup));
    }
    return p != null ? p : DefaultPolicies.forAgeGroup(ageGroup);
  }

  public Verdict check(String text, String product, AgeGroup ageGroup) {
    ModerationResult result = engine.moderate(text);
    PolicyDecision decision = evaluator.decide(text, result, policyFor(product, ageGroup));
    List<String> flagged = new ArrayList<>();
    for (Category c : Category.values()) {
      if (result.score(c) >= CATEGORY_THRESHOLD) {
        flagged.add(c.wireName());
      }
    }
    return new Verdict(
        decision.action(),
        decision.triggered(),
        flagged,
        decision.selfHarm() ? support.forText(product, text) : null);
  }

  /** Moderation of one streamed reply under the caller's policy. */
  public ModerationStream openStream(String product, AgeGroup ageGroup) {
    // the replacement is chosen when the stream stops, from the text it had received by then
    ModerationStream[] stream = new ModerationStream[1];
    stream[0] =
        new ModerationStream(
            engine,
            evaluator,
            policyFor(product, ageGroup),
            selfHarm -> {
              String text = stream[0].receivedText();
              if (selfHarm) {
                return support.forText(product, text).asText();
              }
              return SupportDirectory.localeOf(text).equals("zh")
                  ? STOP_MESSAGE_ZH
                  : STOP_MESSAGE_EN;
            });
    return stream[0];
  }

  private static String key(String product, AgeGroup ageGroup) {
    return (product == null ? Policy.ANY_PRODUCT : product) + "|" + ageGroup;
  }
}
