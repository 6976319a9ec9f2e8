package com.companion.identity.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What makes a password too weak to accept: shorter than ten characters, on the list of common
 * passwords shipped with the service ({@code common-passwords.txt}), or containing the username. No
 * composition rules (one digit, one symbol...): they make passwords harder to remember, not to
 * guess. Length is counted in code points so that any script counts the same.
 */
public final class PasswordPolicy {

  public static final int MIN_LENGTH = 10;

  /** bcrypt reads at most 72 bytes; a longer password would be silently cut. */
  public static final int MAX_UTF8_BYTES = 72;

  private final Set<String> common;

  public PasswordPolicy(Set<String> common) {
    this.common = Set.copyOf(common);
  }

  public static PasswordPolicy withShippedList() {
    try (InputStream in = PasswordPolicy.class.getResourceAsStream("/common-passwords.txt")) {
      if (in == null) {
        throw new IllegalStateException("common-passwords.txt is missing from the classpath");
      }
      Set<String> words = new HashSet<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        String word = line.strip();
        if (!word.isEmpty() && !word.startsWith("#")) {
          words.add(word.toLowerCase(Locale.ROOT));
        }
      }
      return new PasswordPolicy(words);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The reason a password is refused, or empty when it is acceptable. */
  public Optional<Weakness> check(String password, String username) {
    if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
      return Optional.of(Weakness.TOO_SHORT);
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_UTF8_BYTES) {
      return Optional.of(Weakness.TOO_LONG);
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (common.contains(lower) || common.contains(stripDecoration(lower))) {
      return Optional.of(Weakness.COMMON);
    }
    if (username != null
        && username.strip().length() >= 3
        && lower.contains(Usernames.key(username))) {
      return Optional.of(Weakness.CONTAINS_USERNAME);
    }
    if (lower.codePoints().distinct().count() < 4) {
      return Optional.of(Weakness.REPETITIVE);
    }
    return Optional.empty();
  }

  /**
   * "Password123!" is "password" with the decoration people add to pass composition rules; the list
   * is checked with and without it.
   */
  static String stripDecoration(String password) {
    return password.replaceAll("[\\d\\p{Punct}\\s]+$", "").replaceAll("^[\\d\\p{Punct}\\s]+", "");
  }

  /** Why a password was refused; {@code reason} is the stable code in the 400 problem. */
  public enum Weakness {
    TOO_SHORT("too_short", "the password must have at least " + MIN_LENGTH + " characters"),
    TOO_LONG("too_long", "the password must be at most " + MAX_UTF8_BYTES + " bytes"),
    COMMON("common", "the password is on the list of commonly used passwords"),
    CONTAINS_USERNAME("contains_username", "the password must not contain the username"),
    REPETITIVE("repetitive", "the password repeats too few different characters");

    private final String reason;
    private final String detail;

    Weakness(String reason, String detail) {
      this.reason = reason;
      this.detail = detail;
    }

    public String reason() {
      return reason;
    }

    public String detail() {
      return detail;
    }
  }
}
