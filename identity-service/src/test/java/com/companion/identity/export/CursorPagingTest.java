package com.companion.identity.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CursorPagingTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Pages keyed by the cursor that asks for them; {@code null} is the first page. */
  private static final class Pages {
    private final Map<String, String> bodies;
    private final List<String> asked = new ArrayList<>();

    Pages(Map<String, String> bodies) {
      this.bodies = bodies;
    }

    JsonNode page(String cursor) {
      asked.add(cursor);
      return JSON.readTree(bodies.get(cursor == null ? "first" : cursor));
    }
  }

  @Test
  void aForwardListIsReadToItsLastPageInOrder() {
    Pages pages =
        new Pages(
            Map.of(
                "first", "{\"items\": [{\"id\": 1}, {\"id\": 2}], \"next_cursor\": \"c2\"}",
                "c2", "{\"items\": [{\"id\": 3}], \"next_cursor\": \"c3\"}",
                "c3", "{\"items\": [], \"next_cursor\": null}"));

    List<JsonNode> items = CursorPaging.all(pages::page);

    assertThat(items).extracting(item -> item.path("id").asInt()).containsExactly(1, 2, 3);
    assertThat(pages.asked).containsExactly(null, "c2", "c3");
  }

  @Test
  void aPagedDocumentContinuesEveryListAndKeepsTheFirstPagesOtherMembers() {
    Pages pages =
        new Pages(
            Map.of(
                "first",
                "{\"source\": \"safety-filter\", \"exported_at\": \"t1\", \"reports\": [1, 2],"
                    + " \"strikes\": [], \"next_cursor\": \"p2\"}",
                "p2",
                "{\"source\": \"safety-filter\", \"exported_at\": \"t1\", \"reports\": [],"
                    + " \"strikes\": [3], \"appeals\": [4]}"));

    JsonNode document = CursorPaging.document(pages::page);

    assertThat(document.toString())
        .isEqualTo(
            "{\"source\":\"safety-filter\",\"exported_at\":\"t1\",\"reports\":[1,2],"
                + "\"strikes\":[3],\"appeals\":[4]}");
    assertThat(pages.asked).containsExactly(null, "p2");
  }

  @Test
  void aDocumentPageThatIsNotADocumentOrTurnsAListIntoAValueIsMalformed() {
    assertThatThrownBy(() -> CursorPaging.document(new Pages(Map.of("first", "[1]"))::page))
        .isInstanceOf(CursorPaging.MalformedPage.class);
    Pages changing =
        new Pages(
            Map.of(
                "first", "{\"reports\": [1], \"next_cursor\": \"p2\"}",
                "p2", "{\"reports\": \"none\", \"strikes\": [2]}"));
    // a value where the first page had a list would drop the rest of that list unnoticed
    assertThatThrownBy(() -> CursorPaging.document(changing::page))
        .isInstanceOf(CursorPaging.MalformedPage.class);
  }

  @Test
  void aHistoryReadBackwardComesOutOldestFirst() {
    // chat-service's history: the newest page first, each page oldest first, next_cursor older
    Pages pages =
        new Pages(
            Map.of(
                "first", "{\"items\": [{\"n\": 5}, {\"n\": 6}], \"next_cursor\": \"m5\"}",
                "m5", "{\"items\": [{\"n\": 3}, {\"n\": 4}], \"next_cursor\": \"m3\"}",
                "m3", "{\"items\": [{\"n\": 1}, {\"n\": 2}]}"));

    List<JsonNode> items = CursorPaging.allOldestFirst(pages::page);

    assertThat(items).extracting(item -> item.path("n").asInt()).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void aSinglePageWithoutCursorIsTheWholeList() {
    Pages pages = new Pages(Map.of("first", "{\"items\": [{\"id\": 7}]}"));

    assertThat(CursorPaging.all(pages::page)).hasSize(1);
    assertThat(pages.asked).hasSize(1);
  }

  @Test
  void anEmptyCursorEndsTheList() {
    Pages pages = new Pages(Map.of("first", "{\"items\": [], \"next_cursor\": \"\"}"));

    assertThat(CursorPaging.all(pages::page)).isEmpty();
  }

  @Test
  void aCursorThatComesBackIsRefusedRatherThanPagedForever() {
    Pages pages =
        new Pages(
            Map.of(
                "first", "{\"items\": [], \"next_cursor\": \"a\"}",
                "a", "{\"items\": [], \"next_cursor\": \"b\"}",
                "b", "{\"items\": [], \"next_cursor\": \"a\"}"));

    assertThatThrownBy(() -> CursorPaging.all(pages::page))
        .isInstanceOf(CursorPaging.MalformedPage.class)
        .hasMessageContaining("came back");
  }

  @Test
  void somethingThatIsNotAPageIsRefused() {
    Pages pages = new Pages(Map.of("first", "{\"type\": \"about:blank\", \"status\": 500}"));

    assertThatThrownBy(() -> CursorPaging.all(pages::page))
        .isInstanceOf(CursorPaging.MalformedPage.class);
  }
}
