package com.companion.chat.guardian;

/**
 * Whether a minor may chat now, as identity-service answers {@code GET /v1/me/chat-policy} (its
 * other fields are not needed here).
 *
 * @param reason why not: {@code guardian_consent_required} or {@code daily_limit_reached}; null
 *     when allowed
 */
public record ChatPolicy(boolean chatAllowed, String reason) {}
