package com.companion.character.web;

import com.companion.platform.web.PlatformProblem;
import java.util.UUID;

/** Path ids. A malformed id names nothing, so it is a 404 like any unknown one. */
public final class Ids {

  private Ids() {}

  public static UUID parse(String id) {
    try {
      if (id.length() == 36) {
        return UUID.fromString(id);
      }
    } catch (IllegalArgumentException e) {
      // falls through to 404
    }
    throw PlatformProblem.notFound("not found");
  }
}
