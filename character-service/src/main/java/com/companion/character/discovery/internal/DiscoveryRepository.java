package com.companion.character.discovery.internal;

import com.companion.character.character.CharacterRow;
import com.companion.character.character.internal.CharacterRepository;
import com.companion.character.discovery.SearchText;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Keyset-paginated queries over public, approved characters. */
@Repository
public class DiscoveryRepository {

  /** The sort column of each order; the partial indexes in the migration match these. */
  public enum Order {
    TRENDING("c.trending_score"),
    NEWEST("c.published_at"),
    MOST_LIKED("c.like_count");

    final String column;

    Order(String column) {
      this.column = column;
    }
  }

  /**
   * @param tagKey a normalised tag the character must carry, or null
   * @param terms normalised words that must all occur in the search text
   * @param after the sort value of the last item of the previous page (Double, Instant or Long), or
   *     null for the first page
   */
  public record Query(
      Order order, String tagKey, List<String> terms, Object after, UUID afterId, int limit) {}

  private final JdbcClient jdbc;

  public DiscoveryRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<CharacterRow> find(Query query) {
    StringBuilder sql =
        new StringBuilder(CharacterRepository.SELECT)
            .append("where c.visibility = 'public' and c.review_status = 'approved'");
    List<Object> params = new ArrayList<>();
    if (query.tagKey() != null) {
      sql.append(" and c.tag_keys @> array[?]::text[]");
      params.add(query.tagKey());
    }
    for (String term : query.terms()) {
      // substring match on normalised text; the trigram index serves it for 3+ characters
      sql.append(" and c.search_text like ? escape '\\'");
      params.add(SearchText.likePattern(term));
    }
    if (query.afterId() != null) {
      sql.append(" and (").append(query.order().column).append(", c.id) < (?, ?)");
      params.add(
          query.after() instanceof Instant instant ? Timestamp.from(instant) : query.after());
      params.add(query.afterId());
    }
    sql.append(" order by ").append(query.order().column).append(" desc, c.id desc limit ?");
    params.add(query.limit());
    return jdbc.sql(sql.toString()).params(params).query(CharacterRepository::row).list();
  }
}
