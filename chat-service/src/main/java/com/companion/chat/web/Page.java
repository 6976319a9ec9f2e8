package com.companion.chat.web;

import java.util.List;

/** One page of a list; pass {@code next_cursor} back as the cursor for the next page. */
public record Page<T>(List<T> items, String nextCursor) {

  public Page {
    items = List.copyOf(items);
  }
}
