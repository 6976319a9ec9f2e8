package com.companion.analytics.intake;

/** What {@link EventParser} made of one record. */
public sealed interface Parsed {

  /** A valid event the figures use. */
  record Accepted(Fact fact) implements Parsed {}

  /** A valid event of a type no figure uses (e.g. {@code character.review_requested}). */
  record Ignored(String type) implements Parsed {}

  /** Not usable: it goes to the dead-letter topic with this reason. */
  record Rejected(String reason) implements Parsed {}
}
