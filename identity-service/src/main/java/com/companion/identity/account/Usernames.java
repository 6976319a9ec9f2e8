package com.companion.identity.account;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Username rules. Names are compared by a key (NFKC, then case-folded), so look-alike spellings
 * such as full-width letters or a different case cannot register a second "ada".
 */
public final class Usernames {

  private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{N}_.-]{3,32}");

  private Usernames() {}

  public static String key(String username) {
    return Normalizer.normalize(username.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
  }

  /** Why a username is not acceptable, if it is not. */
  public static Optional<String> problem(String username) {
    if (username == null || username.isBlank()) {
      return Optional.of("username is required");
    }
    String normalized = Normalizer.normalize(username.strip(), Normalizer.Form.NFKC);
    if (!ALLOWED.matcher(normalized).matches()) {
      return Optional.of("username must be 3 to 32 letters, digits, '_', '.' or '-' (no spaces)");
    }
    return Optional.empty();
  }
}
