package com.companion.chat.guardian;

/**
 * Whether a minor may chat now, as identity-service answers {@code GET /v1/me/chat-policy} (its
 * other fields are not needed here).
 *
 * @param reason why not: {@code guardian_consent_required}, {@code daily_limit_reached}, or {@code
 *     unknown_account} when identity-service holds no such account; null when allowed
 */
public record ChatPolicy(boolean chatAllowed, String reason) {

  public static final String UNKNOWN_ACCOUNT = "unknown_account";
}
