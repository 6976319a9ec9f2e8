package com.companion.safety.review;

import com.companion.platform.web.PlatformProblem;
import java.util.UUID;

/** Item ids from the path: one that is not a UUID names no item, so it is a 404, not a 500. */
final class Ids {

  private Ids() {}

  static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw PlatformProblem.notFound("no such item");
    }
  }
}
