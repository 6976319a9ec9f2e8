package com.companion.launcher;

import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Prints a line when each whole-platform test starts and ends, so a run's log shows where the time
 * went (and, should one ever stall, which one).
 */
final class Progress implements BeforeTestExecutionCallback, AfterTestExecutionCallback {

  private static final ExtensionContext.Namespace STARTED =
      ExtensionContext.Namespace.create(Progress.class);

  @Override
  public void beforeTestExecution(ExtensionContext context) {
    context.getStore(STARTED).put("at", System.nanoTime());
    say("start", context.getDisplayName());
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    long took = System.nanoTime() - context.getStore(STARTED).get("at", Long.class);
    String outcome = context.getExecutionException().isPresent() ? "FAILED" : "passed";
    say(outcome, context.getDisplayName() + " in " + Duration.ofNanos(took).toSeconds() + " s");
  }

  private static void say(String what, String test) {
    System.out.printf(
        "%s  %-6s  %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), what, test);
  }
}
