package com.companion.identity.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.auth.AgeGroup;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class AgeGroupsTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 30);

  @Test
  void onlyRealIsoDatesParse() {
    assertThat(AgeGroups.parse("2008-02-29")).contains(LocalDate.of(2008, 2, 29));
    assertThat(AgeGroups.parse("2023-02-29")).isEmpty();
    assertThat(AgeGroups.parse("2023-04-31")).isEmpty();
    assertThat(AgeGroups.parse("30/11/2000")).isEmpty();
    assertThat(AgeGroups.parse("")).isEmpty();
    assertThat(AgeGroups.parse(null)).isEmpty();
  }

  @Test
  void futureAndAncientDatesAreImplausible() {
    assertThat(AgeGroups.implausible(TODAY.plusDays(1), TODAY)).isPresent();
    assertThat(AgeGroups.implausible(LocalDate.of(1899, 12, 31), TODAY)).isPresent();
    assertThat(AgeGroups.implausible(TODAY, TODAY)).isEmpty();
  }

  @Test
  void adulthoodStartsOnTheEighteenthBirthday() {
    assertThat(AgeGroups.of(LocalDate.of(2008, 11, 30), TODAY)).isEqualTo(AgeGroup.ADULT);
    assertThat(AgeGroups.of(LocalDate.of(2008, 12, 1), TODAY)).isEqualTo(AgeGroup.MINOR);
    // born on 29 February: 18 on 1 March of a common year
    assertThat(AgeGroups.of(LocalDate.of(2008, 2, 29), LocalDate.of(2026, 2, 28)))
        .isEqualTo(AgeGroup.MINOR);
    assertThat(AgeGroups.of(LocalDate.of(2008, 2, 29), LocalDate.of(2026, 3, 1)))
        .isEqualTo(AgeGroup.ADULT);
  }
}
