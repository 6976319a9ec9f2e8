package com.companion.safety.policy;

import com.companion.safety.moderation.Action;
import com.companion.safety.moderation.Category;
import java.util.Set;

/**
 * The policy's verdict: the action, the categories that drove it, the text with redacted spans
 * masked (equal to the input unless the action is redact), and whether self-harm was signalled so
 * the caller answers with support rather than a bare refusal.
 */
public record PolicyDecision(
    Action action, Set<Category> triggered, String redactedText, boolean selfHarm) {}
