package com.companion.analytics.creator;

import com.companion.analytics.figure.Delta;

/**
 * What the by-character step receives, keyed by {@code product|character}: who owns the character,
 * a user's message to it, or a change of one of its daily figures. Exactly one of {@code owner},
 * {@code chatter} and {@code delta} is set.
 *
 * @param day the UTC epoch day of the message or of the changed figure
 * @param owner the owner's pseudonym (from {@code character.created/updated/deleted})
 * @param chatter the pseudonym of a user who sent the character a message on {@code day}
 * @param delta a change of the character's figure of {@code day} (chats, messages, likes)
 */
public record CharacterInput(
    String product, String characterId, long day, String owner, String chatter, Delta delta) {

  public static CharacterInput owner(String product, String characterId, String owner) {
    return new CharacterInput(product, characterId, 0, owner, null, null);
  }

  public static CharacterInput chatter(
      String product, String characterId, long day, String chatter) {
    return new CharacterInput(product, characterId, day, null, chatter, null);
  }

  public static CharacterInput figure(String product, String characterId, long day, Delta delta) {
    return new CharacterInput(product, characterId, day, null, null, delta);
  }
}
