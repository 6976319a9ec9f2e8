package com.companion.safety.screening;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * Optional context of a moderation request. When given and the verdict is block or flag_for_review,
 * the text lands in the moderation queue with this context.
 *
 * @param targetType message (default), character or user
 * @param targetId e.g. the message id
 * @param authorId the user who wrote the text (defaults to the caller)
 * @param precedingTurns the turns before the message, for the moderator
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModerationContext(
    String targetType,
    String targetId,
    String conversationId,
    String characterId,
    String authorId,
    List<String> precedingTurns) {}
