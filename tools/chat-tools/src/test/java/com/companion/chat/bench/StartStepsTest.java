package com.companion.chat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.metrics.PrometheusPage;
import org.junit.jupiter.api.Test;

class StartStepsTest {

  private static StartSteps page(double claims, double claimSeconds, double starts) {
    return StartSteps.of(
        PrometheusPage.parse(
            """
            # TYPE chat_turn_start_step_seconds summary
            chat_turn_start_step_seconds_count{step="claim"} %s
            chat_turn_start_step_seconds_sum{step="claim"} %s
            chat_turn_start_step_seconds_count{step="prompt"} 7
            chat_turn_start_step_seconds_sum{step="prompt"} 0.5
            chat_turn_start_seconds_count %s
            chat_turn_start_seconds_sum 2.0
            """
                .formatted(claims, claimSeconds, starts)));
  }

  @Test
  void eachStepsTurnsAndMeanBetweenTwoReadingsInTheOrderATurnTakesThem() {
    StartSteps before = page(100, 1.0, 100);
    StartSteps after = page(140, 1.5, 140);

    assertThat(after.since(before))
        .containsExactly(
            new StartSteps.Row("claim", 40, 12.5), new StartSteps.Row("whole", 40, 0.0));
  }

  @Test
  void theFirstWordsComeAfterTheWholeStartEachFromTheTurnsArrival() {
    String page =
        """
        chat_turn_start_seconds_count %s
        chat_turn_start_seconds_sum %s
        chat_turn_first_text_seconds_count %s
        chat_turn_first_text_seconds_sum %s
        chat_turn_first_model_text_seconds_count %s
        chat_turn_first_model_text_seconds_sum %s
        """;
    StartSteps before = StartSteps.of(PrometheusPage.parse(page.formatted(10, 1, 10, 3, 10, 2)));
    StartSteps after =
        StartSteps.of(PrometheusPage.parse(page.formatted(20, 1.25, 20, 3.75, 20, 2.5)));

    assertThat(after.since(before))
        .extracting(StartSteps.Row::step)
        .containsExactly("whole", StartSteps.FIRST_MODEL_TEXT, StartSteps.FIRST_TEXT);
    assertThat(after.since(before))
        .extracting(StartSteps.Row::meanMillis)
        .containsExactly(25.0, 50.0, 75.0);
  }

  @Test
  void aServiceThatCannotBeReadGivesNoRows() {
    StartSteps none = StartSteps.of(PrometheusPage.parse(""));

    assertThat(none.since(none)).isEmpty();
  }
}
