package com.companion.chat.bench;

import com.companion.contracts.metrics.PrometheusPage;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * chat-service's timers of a turn's start ({@code chat.turn.start} and {@code
 * chat.turn.start.step}, tagged with the step) and of its first words ({@code
 * chat.turn.first-model-text}, {@code chat.turn.first-text}, both from the turn's arrival), on its
 * {@code /actuator/prometheus}, read before and after a phase: where that phase's turns waited
 * before their first word, without the warm-up's turns that the service's own running totals
 * include.
 */
record StartSteps(Map<String, Timed> timers) {

  static final String FIRST_MODEL_TEXT = "the model's first text";
  static final String FIRST_TEXT = "the first text shown";

  /**
   * The start's steps in the order a turn takes them, the whole start, then the first words. {@code
   * store} is the user message's own transaction of builds before 2026-12-02, which store it with
   * the claim.
   */
  static final List<String> ORDER =
      List.of(
          "guardian",
          "conversation",
          "target",
          "input-check",
          "claim",
          "store",
          "prompt",
          "whole",
          FIRST_MODEL_TEXT,
          FIRST_TEXT);

  /** How many times a timer recorded, and their sum in seconds. */
  record Timed(double count, double seconds) {}

  /** One row of the table: a step, how many turns took it, and their mean in milliseconds. */
  record Row(String step, long turns, double meanMillis) {}

  private static final String STEP = "chat_turn_start_step_seconds";
  private static final Map<String, String> OWN_TIMERS =
      Map.of(
          "whole",
          "chat_turn_start_seconds",
          FIRST_MODEL_TEXT,
          "chat_turn_first_model_text_seconds",
          FIRST_TEXT,
          "chat_turn_first_text_seconds");

  static StartSteps read(HttpClient http, String chatService) {
    return of(MetricsPage.read(http, chatService + "/actuator/prometheus"));
  }

  static StartSteps of(PrometheusPage page) {
    Map<String, Timed> timers = new LinkedHashMap<>();
    for (String step : ORDER) {
      String own = OWN_TIMERS.get(step);
      String labels = own != null ? "" : "{step=\"" + step + "\"}";
      String name = own != null ? own : STEP;
      Double count = page.get(name + "_count" + labels);
      Double seconds = page.get(name + "_sum" + labels);
      if (count != null && seconds != null) {
        timers.put(step, new Timed(count, seconds));
      }
    }
    return new StartSteps(timers);
  }

  /** Each step's turns and mean since {@code before}; steps no turn took are left out. */
  List<Row> since(StartSteps before) {
    List<Row> rows = new ArrayList<>();
    timers.forEach(
        (step, now) -> {
          Timed then = before.timers.getOrDefault(step, new Timed(0, 0));
          double turns = now.count() - then.count();
          if (turns > 0) {
            rows.add(
                new Row(step, Math.round(turns), 1000 * (now.seconds() - then.seconds()) / turns));
          }
        });
    return rows;
  }
}
