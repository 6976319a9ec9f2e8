package com.companion.safety.policy;

import com.companion.safety.moderation.Action;
import com.companion.safety.moderation.Category;
import com.companion.safety.moderation.Hit;
import com.companion.safety.scoring.ModerationEngine;
import com.companion.safety.scoring.ModerationResult;
import java.util.EnumSet;
import java.util.Set;

/** Applies a {@link Policy} to a {@link ModerationResult}. */
public final class PolicyEvaluator {

  /** Mask for redacted characters; one per code point so lengths stay familiar. */
  public static final char MASK = '*';

  private static final double SELF_HARM_SIGNAL = 0.5;

  private final ModerationEngine engine;

  public PolicyEvaluator(ModerationEngine engine) {
    this.engine = engine;
  }

  public PolicyDecision decide(String text, ModerationResult result, Policy policy) {
    Set<Category> triggered = EnumSet.noneOf(Category.class);
    Set<Category> toRedact = EnumSet.noneOf(Category.class);
    Action action = Action.ALLOW;
    for (Category c : Category.values()) {
      CategoryRule rule = policy.rule(c);
      if (rule == null) {
        continue;
      }
      boolean hasSpans = result.hits().stream().anyMatch(h -> h.category() == c);
      if (rule.redact() && hasSpans) {
        toRedact.add(c);
        continue;
      }
      Action a = judge(rule, result.score(c));
      if (a != Action.ALLOW) {
        triggered.add(c);
        action = action.max(a);
      }
    }
    String redacted = text;
    if (!toRedact.isEmpty() && action != Action.BLOCK) {
      redacted = mask(text, result, toRedact);
      triggered.addAll(toRedact);
      action = action.max(Action.REDACT);
      // is what is left still bad? judge the masked text on the redacted categories
      ModerationResult again = engine.moderate(redacted);
      for (Category c : toRedact) {
        CategoryRule rule = policy.rule(c);
        Action a = judge(new CategoryRule(rule.blockAt(), rule.reviewAt(), false), again.score(c));
        if (a == Action.BLOCK) {
          action = Action.BLOCK;
        }
      }
    } else if (!toRedact.isEmpty()) {
      triggered.addAll(toRedact);
    }
    boolean selfHarm = result.anySelfHarm(SELF_HARM_SIGNAL);
    return new PolicyDecision(
        action, Set.copyOf(triggered), action == Action.BLOCK ? text : redacted, selfHarm);
  }

  private static Action judge(CategoryRule rule, double score) {
    if (rule.blockAt() != null && score >= rule.blockAt()) {
      return Action.BLOCK;
    }
    if (rule.reviewAt() != null && score >= rule.reviewAt()) {
      return Action.FLAG_FOR_REVIEW;
    }
    return Action.ALLOW;
  }

  /** Masks the original spans of the hits of the given categories. */
  public static String mask(String text, ModerationResult result, Set<Category> categories) {
    char[] chars = text.toCharArray();
    boolean[] masked = new boolean[chars.length];
    for (Hit h : result.hits()) {
      if (categories.contains(h.category())) {
        for (int i = h.start(); i < h.end() && i < chars.length; i++) {
          masked[i] = true;
        }
      }
    }
    StringBuilder out = new StringBuilder(chars.length);
    for (int i = 0; i < chars.length; i++) {
      if (!masked[i]) {
        out.append(chars[i]);
      } else if (!Character.isLowSurrogate(chars[i])) {
        out.append(Character.isWhitespace(chars[i]) ? chars[i] : MASK);
      }
    }
    return out.toString();
  }
}
