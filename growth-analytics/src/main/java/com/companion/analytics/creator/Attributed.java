package com.companion.analytics.creator;

import com.companion.analytics.figure.Delta;

/**
 * What the by-character step hands on, exactly one set: a change of a creator figure (keyed by the
 * figure), or a chat of a user with a creator's character (keyed by {@code product|user}).
 */
public record Attributed(Delta delta, CreatorChat chat) {

  public static Attributed delta(Delta delta) {
    return new Attributed(delta, null);
  }

  public static Attributed chat(CreatorChat chat) {
    return new Attributed(null, chat);
  }
}
