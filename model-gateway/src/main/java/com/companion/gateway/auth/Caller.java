package com.companion.gateway.auth;

/**
 * Who is calling the model API, resolved from an API key, a platform JWT, or a service credential
 * (optionally on behalf of the user whose JWT it forwards).
 *
 * @param apiKeyId set for API-key callers
 * @param userId set for platform users (directly or through a service)
 * @param service the platform service that called, when a service credential was sent
 * @param requestsPerMinute limit for this caller, 0 for none
 * @param tokensPerMinute limit for this caller, 0 for none
 * @param authorization the caller's own {@code Authorization} header value for a platform user
 *     (passed on to safety-filter, which applies that user's policy), else null
 * @param minor whether the platform user is a minor (their {@code age_group} claim)
 */
public record Caller(
    Kind kind,
    String apiKeyId,
    String userId,
    String product,
    String service,
    int requestsPerMinute,
    int tokensPerMinute,
    String authorization,
    boolean minor) {

  public enum Kind {
    API_KEY,
    USER,
    SERVICE;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static final String ATTRIBUTE = Caller.class.getName();

  /**
   * Whether the gateway must moderate what the model writes to this caller: a minor calling the
   * model API directly. A platform service calling on a minor's behalf (it presents its service
   * credential) moderates the reply itself, under the same policy, before the minor sees it.
   */
  public boolean needsOutputModeration() {
    return kind == Kind.USER && minor && service == null;
  }

  /** The Redis key part that quotas count under; null when no quota applies. */
  public String quotaSubject() {
    return switch (kind) {
      case API_KEY -> "key:" + apiKeyId;
      case USER -> userQuotaSubject(userId);
      case SERVICE -> null;
    };
  }

  /** The quota subject of a platform user, whichever way they call. */
  public static String userQuotaSubject(String userId) {
    return "user:" + userId;
  }
}
