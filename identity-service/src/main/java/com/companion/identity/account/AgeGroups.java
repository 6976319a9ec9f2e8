package com.companion.identity.account;

import com.companion.contracts.auth.AgeGroup;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;

/**
 * Birth dates and what follows from them. The age is computed on the day a token is issued, so a
 * minor becomes an adult on their 18th birthday without anyone touching the account.
 */
public final class AgeGroups {

  public static final int ADULT_AGE = 18;

  /** Nobody alive was born before this. */
  static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

  /** {@code uuuu} with STRICT resolution: 2023-02-29 is an error, not 2023-02-28. */
  private static final DateTimeFormatter ISO_STRICT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

  private AgeGroups() {}

  /** Parses a birth date; empty when it is not a real calendar date in ISO form. */
  public static Optional<LocalDate> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(text.strip(), ISO_STRICT));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Why a parsed birth date cannot be a user's, if it cannot. */
  public static Optional<String> implausible(LocalDate birthDate, LocalDate today) {
    if (birthDate.isAfter(today)) {
      return Optional.of("birth_date is in the future");
    }
    if (birthDate.isBefore(EARLIEST)) {
      return Optional.of("birth_date is before " + EARLIEST);
    }
    return Optional.empty();
  }

  public static int age(LocalDate birthDate, LocalDate today) {
    return Period.between(birthDate, today).getYears();
  }

  public static AgeGroup of(LocalDate birthDate, LocalDate today) {
    return age(birthDate, today) >= ADULT_AGE ? AgeGroup.ADULT : AgeGroup.MINOR;
  }
}
