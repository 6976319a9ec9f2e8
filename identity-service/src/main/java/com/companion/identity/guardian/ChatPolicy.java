package com.companion.identity.guardian;

/**
 * Whether an account may chat now, as chat-service asks before a turn ({@code GET
 * /v1/me/chat-policy} with the user's token) and as the token's {@code guardian_consent} claim
 * summarises.
 *
 * @param guardianConsent {@code not_required}, {@code granted} or {@code missing}
 * @param dailyLimitMinutes the guardian's limit, null when none
 * @param minutesUsedToday time spent today (UTC) by the estimate of {@link TimeSpent}
 * @param reason why chat is not allowed: {@code guardian_consent_required} or {@code
 *     daily_limit_reached}; null when allowed
 */
public record ChatPolicy(
    boolean chatAllowed,
    String reason,
    String guardianConsent,
    Integer dailyLimitMinutes,
    long minutesUsedToday) {}
