package com.companion.safety.screening;

import com.companion.contracts.auth.PlatformPrincipal;
import java.util.List;
import java.util.UUID;

/**
 * Where texts that need a human go: the moderation queue, implemented by {@code review}. The port
 * lives here because the queue's own features (character reviews, reports) screen texts with {@link
 * ModerationService}, so screening must not depend on them.
 */
public interface ReviewQueue {

  /**
   * Queues the moderated texts with the caller's context (or joins the target's open item).
   * Blocking.
   *
   * @return the queue item's id
   */
  UUID enqueue(
      ModerationResponse response,
      List<String> inputs,
      ModerationContext context,
      PlatformPrincipal caller);
}
