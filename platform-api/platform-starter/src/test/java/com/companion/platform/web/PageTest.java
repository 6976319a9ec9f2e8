package com.companion.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

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
            row -> PageCursor.of("test", row.at(), row.id()),
            Row::id);

    assertThat(asked).containsExactly(4);
    assertThat(page.items()).containsExactly(ROWS.get(0).id(), ROWS.get(1).id(), ROWS.get(2).id());
    PageCursor next = PageCursor.decode(page.nextCursor(), "test", 2);
    assertThat(next.instant(0)).isEqualTo(ROWS.get(2).at());
    assertThat(next.uuid(1)).isEqualTo(ROWS.get(2).id());
  }

  @Test
  void theLastPageHasNoCursor() {
    Page<Row> exactlyFull = Page.read(5, n -> ROWS, row -> null, Function.identity());
    assertThat(exactlyFull.items()).isEqualTo(ROWS);
    assertThat(exactlyFull.nextCursor()).isNull();
    assertThat(Page.read(5, n -> List.<Row>of(), row -> null, Function.identity()).items())
        .isEmpty();
    assertThat(Page.whole(ROWS).nextCursor()).isNull();
  }
}
