package com.companion.analytics.creator;

/**
 * A user chatted with one of a creator's characters on a day, keyed by {@code product|user} (the
 * key of everything kept per user, so an account deletion reaches it); or, with {@code forget}, the
 * user's account was deleted and what is kept about them per creator goes.
 *
 * @param creator the owner's pseudonym; null with {@code forget}
 * @param day UTC epoch day
 */
public record CreatorChat(String product, String user, String creator, long day, boolean forget) {

  public static CreatorChat forget(String product, String user) {
    return new CreatorChat(product, user, null, 0, true);
  }
}
