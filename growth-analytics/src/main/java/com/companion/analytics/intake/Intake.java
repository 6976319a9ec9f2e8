package com.companion.analytics.intake;

/** One input record after intake: a fact to count, or a dead letter. Exactly one is set. */
public record Intake(Fact fact, DeadLetter deadLetter) {

  public static Intake accepted(Fact fact) {
    return new Intake(fact, null);
  }

  public static Intake rejected(DeadLetter deadLetter) {
    return new Intake(null, deadLetter);
  }
}
