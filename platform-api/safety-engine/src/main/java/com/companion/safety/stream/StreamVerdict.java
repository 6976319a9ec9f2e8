package com.companion.safety.stream;

import com.companion.safety.moderation.Action;
import com.companion.safety.moderation.Category;
import java.util.Set;

/**
 * What one push (or the close) of a {@link ModerationStream} produced.
 *
 * @param released text now safe to show, to append to what was released before
 * @param action the verdict on everything seen so far
 * @param categories what drove a non-allow action
 * @param stopped the stream is over: show {@code replacement} and drop the rest of the output
 * @param replacement the message to show instead when stopped (supportive for self-harm)
 * @param heldBack chars received but not yet released
 */
public record StreamVerdict(
    String released,
    Action action,
    Set<Category> categories,
    boolean stopped,
    String replacement,
    int heldBack) {}
