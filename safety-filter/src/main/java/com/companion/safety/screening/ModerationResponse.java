package com.companion.safety.screening;

import com.companion.safety.moderation.Action;
import com.companion.safety.moderation.SupportiveReply;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI moderation response shape plus our policy verdict: {@code action} per result and for
 * the whole request (the most severe), the redacted text when the action is redact, and a
 * supportive reply when self-harm was signalled.
 */
public record ModerationResponse(
    String id, String model, Action action, List<Result> results, String queueItemId) {

  public record Result(
      boolean flagged,
      Map<String, Boolean> categories,
      Map<String, Double> categoryScores,
      Action action,
      List<String> triggeredCategories,
      String redactedText,
      SupportiveReply supportiveReply,
      long lexiconVersion,
      long policyVersion) {}
}
