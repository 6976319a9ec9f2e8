package com.companion.character.discovery;

import com.companion.character.character.CharacterRow;
import com.companion.character.character.CharacterSummary;
import com.companion.character.discovery.DiscoveryQuery.Order;
import com.companion.character.discovery.internal.DiscoveryRepository;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.Page;
import com.companion.platform.web.PageCursor;
import com.companion.platform.web.PlatformProblem;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Discovery of public, approved characters: search, tag filter, three orders, cursor pages. */
@Service
public class DiscoveryService {

  /** Longer queries are not searches but pasted text; keep the LIKE terms bounded. */
  static final int MAX_QUERY_CHARS = 100;

  static final int MAX_TERMS = 8;

  private final DiscoveryRepository repository;

  public DiscoveryService(DiscoveryRepository repository) {
    this.repository = repository;
  }

  /** A discovery over a database of its own, without Spring: for {@code DiscoveryBench}. */
  public static DiscoveryService over(JdbcClient jdbc) {
    return new DiscoveryService(new DiscoveryRepository(jdbc));
  }

  /** Runs one query as given, without the parsing and paging of {@link #discover}. */
  public List<CharacterRow> find(DiscoveryQuery query) {
    return repository.find(query);
  }

  /** Discovery within the caller's product; minors never see {@code mature} characters. */
  public Page<CharacterSummary> discover(
      PlatformPrincipal caller, String q, String tag, String sort, String cursor, int limit) {
    Order order = order(sort);
    List<String> terms = terms(q);
    String tagKey = tagKey(tag);
    String kind = "discover-" + order.name().toLowerCase(java.util.Locale.ROOT);
    PageCursor after = PageCursor.decode(cursor, kind, 2);
    Object afterValue =
        after == null
            ? null
            : switch (order) {
              case TRENDING -> after.decimal(0);
              case NEWEST -> after.instant(0);
              case MOST_LIKED -> after.number(0);
            };
    return Page.read(
        limit,
        n ->
            repository.find(
                new DiscoveryQuery(
                    caller.product(),
                    caller.isMinor(),
                    order,
                    tagKey,
                    terms,
                    afterValue,
                    after == null ? null : after.uuid(1),
                    n)),
        row ->
            switch (order) {
              case TRENDING -> PageCursor.of(kind, row.trendingScore(), row.id());
              case NEWEST -> PageCursor.of(kind, row.publishedAt(), row.id());
              case MOST_LIKED -> PageCursor.of(kind, row.likeCount(), row.id());
            },
        CharacterSummary::of);
  }

  private static List<String> terms(String q) {
    if (q == null || q.isBlank()) {
      return List.of();
    }
    if (q.codePointCount(0, q.length()) > MAX_QUERY_CHARS) {
      throw PlatformProblem.badRequest("q is longer than " + MAX_QUERY_CHARS + " characters")
          .with("field", "q");
    }
    List<String> terms = SearchText.terms(q);
    // a pasted sentence segments into many words; the first few narrow enough
    return terms.subList(0, Math.min(terms.size(), MAX_TERMS));
  }

  private static String tagKey(String tag) {
    if (tag == null || tag.isBlank()) {
      return null;
    }
    List<String> keys = SearchText.tagKeys(List.of(tag));
    return keys.isEmpty() ? null : keys.get(0);
  }

  private static Order order(String sort) {
    if (sort == null || sort.isBlank() || sort.equals("trending")) {
      return Order.TRENDING;
    }
    return switch (sort) {
      case "newest" -> Order.NEWEST;
      case "most_liked" -> Order.MOST_LIKED;
      default ->
          throw PlatformProblem.badRequest("sort must be trending, newest or most_liked")
              .with("field", "sort");
    };
  }
}
