package com.companion.platform.web;

import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * One page of a list, the shape every list of the platform answers: {@code {"items": [...],
 * "next_cursor": ...}}. The client passes {@code next_cursor} back as {@code ?cursor=} for the next
 * page; the last page has none.
 */
public record Page<T>(List<T> items, String nextCursor) {

  public Page {
    items = List.copyOf(items);
  }

  /** A list answered whole: one page, no cursor. */
  public static <T> Page<T> whole(List<T> items) {
    return new Page<>(items, null);
  }

  /**
   * Reads a page of at most {@code limit} rows. The query is asked for one row more than that: the
   * extra row, dropped from the page, tells a full page from the last one without a count.
   *
   * @param query reads up to the given number of rows, in list order, after the caller's cursor
   * @param position the cursor naming a row: the next page starts after it
   * @param item what the response shows of a row
   */
  public static <R, T> Page<T> read(
      int limit,
      IntFunction<List<R>> query,
      Function<? super R, PageCursor> position,
      Function<? super R, ? extends T> item) {
    List<R> rows = query.apply(limit + 1);
    String next = null;
    if (rows.size() > limit) {
      rows = rows.subList(0, limit);
      next = position.apply(rows.get(limit - 1)).encode();
    }
    return new Page<>(rows.stream().<T>map(item).toList(), next);
  }
}
