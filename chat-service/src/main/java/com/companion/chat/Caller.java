package com.companion.chat;

import com.companion.contracts.auth.PlatformPrincipal;

/**
 * The end user a call to another service is made for. Their {@code Authorization} header and the
 * request id are forwarded, so per-user rules and quotas apply downstream.
 */
public record Caller(PlatformPrincipal principal, String authorization, String requestId) {}
