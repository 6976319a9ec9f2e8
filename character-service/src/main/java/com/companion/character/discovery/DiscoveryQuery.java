package com.companion.character.discovery;

import java.util.List;
import java.util.UUID;

/**
 * One page of discovery as the database runs it, after {@link DiscoveryService} has parsed the
 * request.
 *
 * @param product the caller's product: discovery never crosses products
 * @param generalOnly leave out {@code mature} characters (the caller is a minor)
 * @param tagKey a normalised tag the character must carry, or null
 * @param terms normalised words that must all occur in the search text
 * @param after the sort value of the last item of the previous page (Double, Instant or Long), or
 *     null for the first page
 */
public record DiscoveryQuery(
    String product,
    boolean generalOnly,
    Order order,
    String tagKey,
    List<String> terms,
    Object after,
    UUID afterId,
    int limit) {

  /** The orders of discovery, each descending; the partial indexes in the migration match them. */
  public enum Order {
    TRENDING,
    NEWEST,
    MOST_LIKED
  }
}
