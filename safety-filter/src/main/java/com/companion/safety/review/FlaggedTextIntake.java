package com.companion.safety.review;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.safety.screening.ModerationContext;
import com.companion.safety.screening.ModerationResponse;
import com.companion.safety.screening.ReviewQueue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Texts that {@code POST /v1/moderations} blocked or flagged, with a context, enter the queue as
 * {@code automatic} items.
 */
@Component
class FlaggedTextIntake implements ReviewQueue {

  private final ModerationWorkflow workflow;

  FlaggedTextIntake(ModerationWorkflow workflow) {
    this.workflow = workflow;
  }

  @Override
  public UUID enqueue(
      ModerationResponse response,
      List<String> inputs,
      ModerationContext context,
      PlatformPrincipal caller) {
    Set<String> categories = new TreeSet<>();
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
    return workflow.enqueue(
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
  }
}
