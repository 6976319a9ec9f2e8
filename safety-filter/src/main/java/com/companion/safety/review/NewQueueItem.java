package com.companion.safety.review;

import java.util.List;
import java.util.Map;

/** What enters the queue; joins the open item of the same target if there is one. */
public record NewQueueItem(
    String targetType,
    String targetId,
    String product,
    String subjectUserId,
    boolean involvesMinor,
    String source,
    List<String> categories,
    String content,
    Map<String, Object> context) {}
