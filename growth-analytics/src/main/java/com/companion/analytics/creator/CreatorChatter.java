package com.companion.analytics.creator;

import java.util.List;

/**
 * One user's chats with one creator's characters.
 *
 * @param firstDay the UTC epoch day of their first message to any of the creator's characters
 * @param days the epoch days they sent one, ascending, the last {@link
 *     CreatorChatterProcessor#KEPT_DAYS} only
 */
public record CreatorChatter(Long firstDay, List<Long> days) {

  public static final CreatorChatter NEW = new CreatorChatter(null, List.of());
}
