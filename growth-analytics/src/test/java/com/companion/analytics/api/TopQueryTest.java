package com.companion.analytics.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.companion.analytics.api.AnalyticsController.TopQuery;
import com.companion.platform.web.PlatformProblem;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TopQueryTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 30);

  @Test
  void noDateMeansToday() {
    assertThat(TopQuery.of("glow", null, 10, TODAY)).isEqualTo(new TopQuery("glow", TODAY, 10));
    assertThat(TopQuery.of("glow", "2026-11-01", 100, TODAY))
        .isEqualTo(new TopQuery("glow", LocalDate.of(2026, 11, 1), 100));
  }

  @Test
  void eachBadParameterIsNamedInTheProblem() {
    assertBadRequest(null, null, 10, "product", "product is required");
    assertBadRequest(" ", null, 10, "product", "product is required");
    assertBadRequest("glow", "2026-02-30", 10, "date", "date must be a date like 2026-11-30");
    assertBadRequest("glow", null, 0, "limit", "limit must be between 1 and 100");
    assertBadRequest("glow", null, 101, "limit", "limit must be between 1 and 100");
  }

  @Test
  void theProductIsCheckedFirstThenTheDate() {
    assertBadRequest(null, "nonsense", 0, "product", "product is required");
    assertBadRequest("glow", "nonsense", 0, "date", "date must be a date like 2026-11-30");
  }

  private static void assertBadRequest(
      String product, String date, int limit, String field, String detail) {
    PlatformProblem problem =
        catchThrowableOfType(PlatformProblem.class, () -> TopQuery.of(product, date, limit, TODAY));
    assertThat(problem).isNotNull();
    assertThat(problem.getStatusCode().value()).isEqualTo(400);
    assertThat(problem.getBody().getDetail()).isEqualTo(detail);
    assertThat(problem.getBody().getProperties()).containsEntry("field", field);
  }
}
