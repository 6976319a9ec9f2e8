package com.companion.identity.export;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Follows a list's cursors to its end. Every list of the platform answers {@code {"items": [...],
 * "next_cursor": ...}}; the last page has no {@code next_cursor}.
 */
final class CursorPaging {

  private CursorPaging() {}

  /**
   * Every item of a list whose pages run forward ({@code ?cursor=}), in the order they come.
   *
   * @param page fetches one page; a {@code null} cursor asks for the first
   */
  static List<JsonNode> all(Function<String, JsonNode> page) {
    List<JsonNode> items = new ArrayList<>();
    walk(page, items::addAll);
    return items;
  }

  /**
   * Every item of a history whose pages run backward ({@code ?before=}: the newest page first, each
   * page oldest first), oldest first.
   */
  static List<JsonNode> allOldestFirst(Function<String, JsonNode> page) {
    List<List<JsonNode>> newestFirst = new ArrayList<>();
    walk(page, newestFirst::add);
    List<JsonNode> items = new ArrayList<>();
    for (List<JsonNode> pageItems : newestFirst.reversed()) {
      items.addAll(pageItems);
    }
    return items;
  }

  /**
   * A paged document: an object whose every array member is a list that continues on the next page,
   * its other members (who answers, when, for which product) as the first page has them. Every
   * array member is followed, not only the ones known today: a list added later must not stop at
   * its first page unnoticed.
   */
  static ObjectNode document(Function<String, JsonNode> page) {
    ObjectNode document = JsonNodeFactory.instance.objectNode();
    walkPages(
        page,
        body -> {
          if (!body.isObject()) {
            throw new MalformedPage("a page that is not a document");
          }
          for (Map.Entry<String, JsonNode> member : body.properties()) {
            if (member.getKey().equals("next_cursor")) {
              continue;
            }
            JsonNode value = member.getValue();
            JsonNode known = document.get(member.getKey());
            if (known == null) {
              document.set(member.getKey(), value.isArray() ? value.deepCopy() : value);
            } else if (known.isArray() != value.isArray()) {
              throw new MalformedPage(member.getKey() + " is a list on some pages only");
            } else if (known instanceof ArrayNode list) {
              list.addAll((ArrayNode) value);
            }
          }
        });
    return document;
  }

  private static void walk(Function<String, JsonNode> page, Consumer<List<JsonNode>> items) {
    walkPages(
        page,
        body -> {
          JsonNode list = body.path("items");
          if (!list.isArray()) {
            throw new MalformedPage("a page without items");
          }
          List<JsonNode> pageItems = new ArrayList<>();
          list.forEach(pageItems::add);
          items.accept(pageItems);
        });
  }

  private static void walkPages(Function<String, JsonNode> page, Consumer<JsonNode> pages) {
    Set<String> followed = new HashSet<>();
    String cursor = null;
    do {
      JsonNode body = page.apply(cursor);
      pages.accept(body);
      JsonNode next = body.path("next_cursor");
      cursor = next.isString() && !next.asString().isEmpty() ? next.asString() : null;
      // a cursor that comes back would page forever
      if (cursor != null && !followed.add(cursor)) {
        throw new MalformedPage("the cursor " + cursor + " came back");
      }
    } while (cursor != null);
  }

  /** A neighbour answered 200 with something that is not a page of its list. */
  static final class MalformedPage extends RuntimeException {

    MalformedPage(String message) {
      super(message);
    }
  }
}
