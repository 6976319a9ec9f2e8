package com.companion.character.web;

import java.util.List;

/** One page of a list: {@code {"items": [...], "next_cursor": ...}}; no cursor on the last page. */
public record Page<T>(List<T> items, String nextCursor) {

  public Page {
    items = List.copyOf(items);
  }
}
