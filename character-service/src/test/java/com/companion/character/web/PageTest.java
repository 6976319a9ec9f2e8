package com.companion.character.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.companion.platform.web.PlatformProblem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PageTest {

  private record Row(UUID id, Instant at) {}

  private static final List<Row> ROWS =
      IntStream.range(0, 5)
          .mapToObj(
              i -> new Row(UUID.randomUUID(), Instant.parse("2026-11-30T10:00:00Z").plusMillis(i)))
          .toList();

  @Test
  void aFullPageIsCutToTheLimitAndItsCursorNamesTheLastRowKept() {
    List<Integer> asked = new ArrayList<>();
    Page<UUID> page =
        Page.read(
            3,
            n -> {
              asked.add(n);
              return ROWS.subList(0, Math.min(n, ROWS.size()));
            },
            row -> Cursor.at("test", row.at(), row.id()),
            Row::id);

    assertThat(asked).containsExactly(4);
    assertThat(page.items()).containsExactly(ROWS.get(0).id(), ROWS.get(1).id(), ROWS.get(2).id());
    Cursor next = Cursor.decode(page.nextCursor(), "test");
    assertThat(next.id()).isEqualTo(ROWS.get(2).id());
    assertThat(next.instantValue()).isEqualTo(ROWS.get(2).at());
  }

  @Test
  void theLastPageHasNoCursor() {
    Page<Row> exactlyFull = Page.read(5, n -> ROWS, row -> null, Function.identity());
    assertThat(exactlyFull.items()).isEqualTo(ROWS);
    assertThat(exactlyFull.nextCursor()).isNull();
    assertThat(Page.read(5, n -> List.<Row>of(), row -> null, Function.identity()).items())
        .isEmpty();
  }

  @Test
  void timesKeepTheirMicrosecondsAndMalformedCursorsAreBadRequests() {
    Instant at = Instant.parse("1999-12-31T23:59:59.123456Z");
    UUID id = UUID.randomUUID();
    assertThat(Cursor.decode(Cursor.at("test", at, id).encode(), "test").instantValue())
        .isEqualTo(at);

    String notANumber = new Cursor("test", "yesterday", id).encode();
    assertThatThrownBy(() -> Cursor.decode(notANumber, "test").instantValue())
        .isInstanceOfSatisfying(
            PlatformProblem.class,
            problem -> {
              assertThat(problem.getStatusCode().value()).isEqualTo(400);
              assertThat(problem.getBody().getDetail()).isEqualTo("malformed cursor");
            });
    assertThatThrownBy(() -> Cursor.decode("%%%", "test"))
        .isInstanceOfSatisfying(
            PlatformProblem.class,
            problem -> assertThat(problem.getBody().getDetail()).isEqualTo("malformed cursor"));
  }
}
