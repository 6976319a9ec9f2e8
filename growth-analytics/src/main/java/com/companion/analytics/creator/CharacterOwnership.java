package com.companion.analytics.creator;

import java.util.List;
import java.util.Map;

/**
 * What the stream remembers about one character for its creator's figures.
 *
 * @param owner the owner's pseudonym; null until an event has named it
 * @param days per UTC epoch day, the character's counters that go to its creator (chats, messages,
 *     likes): the recent days while the owner is known (to tell when the character was first
 *     chatted with that day), more while it is not (handed to the owner once known)
 * @param waiting users who chatted with it while the owner was unknown, at most {@link
 *     CharacterOwnerProcessor#MAX_WAITING}
 */
public record CharacterOwnership(
    String owner, Map<Long, Map<String, Long>> days, List<WaitingChatter> waiting) {

  public static final CharacterOwnership UNKNOWN =
      new CharacterOwnership(null, Map.of(), List.of());

  /** A user who sent the character a message on a day before its owner was known. */
  public record WaitingChatter(String user, long day) {}
}
