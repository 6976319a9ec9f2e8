package com.companion.identity.account;

/**
 * Body of {@code POST /v1/accounts}. The birth date is a string so that an impossible date is this
 * service's 400 with a clear detail rather than a JSON binding error.
 */
public record SignUpRequest(
    String username, String password, String birthDate, String product, String guardianContact) {}
