package com.companion.character.discovery.internal;

import com.companion.character.character.CharacterRow;
import com.companion.character.character.CharacterRows;
import com.companion.character.discovery.DiscoveryQuery;
import com.companion.character.discovery.DiscoveryQuery.Order;
import com.companion.character.discovery.SearchText;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Keyset-paginated queries over public, approved characters. */
@Repository
public class DiscoveryRepository {

  private final JdbcClient jdbc;

  public DiscoveryRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<CharacterRow> find(DiscoveryQuery query) {
    StringBuilder sql = new StringBuilder();
    List<Object> params = new ArrayList<>();
    String discoverable =
        "c.product = ? and c.visibility = 'public' and c.review_status = 'approved'"
            + (query.generalOnly() ? " and c.content_rating = 'general'" : "");
    params.add(query.product());
    // Words of ideographs/kana are looked up in search_grams (exact for one or two characters,
    // a prefilter for longer ones); other words of 3+ characters through the trigram index.
    List<String> grams = new ArrayList<>();
    List<String> likes = new ArrayList<>();
    boolean indexable = false;
    for (String term : query.terms()) {
      int length = term.codePointCount(0, term.length());
      if (SearchText.isGramWord(term)) {
        grams.addAll(SearchText.requiredGrams(term));
        indexable = true;
        if (length > 2) {
          likes.add(term);
        }
      } else {
        likes.add(term);
        indexable |= length >= 3;
      }
    }
    StringBuilder filter = new StringBuilder(discoverable);
    if (!grams.isEmpty()) {
      filter.append(" and c.search_grams @> ?::text[]");
      params.add(grams.toArray(String[]::new));
    }
    for (String term : likes) {
      filter.append(" and c.search_text like ? escape '\\'");
      params.add(SearchText.likePattern(term));
    }
    if (indexable) {
      // Text matches are collected first, through the indexes, and only then sorted. Left to
      // itself the planner walks the sort index and tests every row, hoping to fill the page
      // early: fine for common words, a full scan for rare ones.
      sql.append("with hits as materialized (select c.id from character.characters c where ")
          .append(filter)
          .append(") ")
          .append(CharacterRows.SELECT)
          .append("join hits on hits.id = c.id where true");
    } else {
      // Short non-CJK words give no index anything to look up: walk the sort order instead.
      sql.append(CharacterRows.SELECT).append("where ").append(filter);
    }
    if (query.tagKey() != null) {
      sql.append(" and c.tag_keys @> array[?]::text[]");
      params.add(query.tagKey());
    }
    if (query.afterId() != null) {
      sql.append(" and (").append(column(query.order())).append(", c.id) < (?, ?)");
      params.add(
          query.after() instanceof Instant instant ? Timestamp.from(instant) : query.after());
      params.add(query.afterId());
    }
    sql.append(" order by ").append(column(query.order())).append(" desc, c.id desc limit ?");
    params.add(query.limit());
    return jdbc.sql(sql.toString()).params(params).query(CharacterRows::map).list();
  }

  /** The sort column of each order; the partial indexes in the migration match these. */
  private static String column(Order order) {
    return switch (order) {
      case TRENDING -> "c.trending_score";
      case NEWEST -> "c.published_at";
      case MOST_LIKED -> "c.like_count";
    };
  }
}
