package com.companion.identity.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.identity.account.PasswordPolicy.Weakness;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

  private final PasswordPolicy policy = PasswordPolicy.withShippedList();

  @Test
  void shortPasswordsAreRefusedCountingCharactersNotBytes() {
    assertThat(policy.check("abc12345!", "ada")).contains(Weakness.TOO_SHORT);
    assertThat(policy.check(null, "ada")).contains(Weakness.TOO_SHORT);
    // ten CJK characters are ten characters, though thirty bytes
    assertThat(policy.check("春眠不觉晓处处闻啼鸟", "ada")).isEmpty();
  }

  @Test
  void commonPasswordsAreRefusedWithTheirDecoration() {
    assertThat(policy.check("qwertyuiop", "ada")).contains(Weakness.COMMON);
    assertThat(policy.check("Password123!", "ada")).contains(Weakness.COMMON);
    assertThat(policy.check("!!Sunshine2026", "ada")).contains(Weakness.COMMON);
    assertThat(policy.check("1234567890", "ada")).contains(Weakness.COMMON);
  }

  @Test
  void theUsernameAndRepetitionAreRefused() {
    assertThat(policy.check("juliet-of-verona", "Juliet")).contains(Weakness.CONTAINS_USERNAME);
    assertThat(policy.check("abababababab", "ada")).contains(Weakness.REPETITIVE);
  }

  @Test
  void longerThanBcryptReadsIsRefusedRatherThanCut() {
    assertThat(policy.check("x".repeat(40) + "y".repeat(33), "ada")).contains(Weakness.TOO_LONG);
  }

  @Test
  void aPassphraseIsFine() {
    assertThat(policy.check("correct horse battery staple", "ada")).isEmpty();
  }
}
