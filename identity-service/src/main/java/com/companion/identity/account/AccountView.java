package com.companion.identity.account;

/** The public form of an account: {@code {"id", "username", "product", "age_group"}}. */
public record AccountView(String id, String username, String product, String ageGroup) {}
