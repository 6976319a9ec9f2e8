package com.companion.identity.throttle;

import java.util.Locale;

/**
 * What sign-in attempts are counted against: an account (by its case-folded username, whether or
 * not it exists, so a lock says nothing about existence) or a client address.
 */
public record SignInKey(Kind kind, String value) {

  public enum Kind {
    ACCOUNT,
    CLIENT
  }

  public static SignInKey account(String username) {
    return new SignInKey(Kind.ACCOUNT, username.strip().toLowerCase(Locale.ROOT));
  }

  public static SignInKey client(String address) {
    return new SignInKey(Kind.CLIENT, address);
  }

  String redisKey() {
    return kind.name().toLowerCase(Locale.ROOT) + ":" + value;
  }
}
