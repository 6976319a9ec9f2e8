package com.companion.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class PageCursorTest {

  private enum Part {
    FIRST,
    SECOND
  }

  private static final UUID ID = UUID.fromString("0b8e6f0e-5d5c-4a57-9d0c-7b1c2f0a9e11");

  @Test
  void everyKindOfFieldComesBackAsItWasWritten() {
    Instant at = Instant.parse("1999-12-31T23:59:59.123456Z");
    String token = PageCursor.of("test", at, ID, 42L, 0.25, Part.SECOND, "word").encode();

    PageCursor back = PageCursor.decode(token, "test", 6);

    assertThat(back.kind()).isEqualTo("test");
    assertThat(back.instant(0)).isEqualTo(at);
    assertThat(back.uuid(1)).isEqualTo(ID);
    assertThat(back.number(2)).isEqualTo(42L);
    assertThat(back.decimal(3)).isEqualTo(0.25);
    assertThat(back.constant(4, Part.class)).isEqualTo(Part.SECOND);
    assertThat(back.text(5)).isEqualTo("word");
  }

  @Test
  void theTokenIsUrlSafeAndOpaque() {
    String token = PageCursor.of("a?b/c", Instant.EPOCH, ID).encode();
    assertThat(token).matches("[A-Za-z0-9_-]+");
    assertThat(token).doesNotContain(ID.toString());
  }

  @Test
  void timesKeepTheirMicrosecondsAndNoMore() {
    Instant at = Instant.parse("2026-11-30T10:00:00.123456789Z");
    PageCursor back = PageCursor.decode(PageCursor.of("t", at).encode(), "t", 1);
    assertThat(back.instant(0)).isEqualTo(Instant.parse("2026-11-30T10:00:00.123456Z"));
  }

  @Test
  void noCursorIsTheFirstPage() {
    assertThat(PageCursor.decode(null, "test", 2)).isNull();
    assertThat(PageCursor.decode(" ", "test", 2)).isNull();
  }

  @Test
  void malformedCursorsAreBadRequests() {
    for (String token :
        List.of("%%%", "not base64!", raw("test|1"), raw("test|1|" + ID + "|extra"))) {
      assertBadRequest(() -> PageCursor.decode(token, "test", 2), "malformed cursor");
    }
    assertBadRequest(() -> PageCursor.decode(raw("test"), "test", 2), "malformed cursor");
  }

  @Test
  void tamperedFieldsAreBadRequestsWhenRead() {
    PageCursor tampered = PageCursor.decode(raw("test|x|-1|NaN|Infinity|THIRD"), "test", 5);
    List<Consumer<PageCursor>> reads =
        List.of(
            c -> c.uuid(0),
            c -> c.number(0),
            c -> c.number(1),
            c -> c.instant(1),
            c -> c.decimal(2),
            c -> c.decimal(3),
            c -> c.constant(4, Part.class));
    for (Consumer<PageCursor> read : reads) {
      assertBadRequest(() -> read.accept(tampered), "malformed cursor");
    }
    PageCursor farFuture = PageCursor.decode(raw("test|" + Long.MAX_VALUE), "test", 1);
    assertBadRequest(() -> farFuture.instant(0), "malformed cursor");
    assertThat(farFuture.number(0)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aCursorOfAnotherListIsABadRequest() {
    String newest = PageCursor.of("discover-newest", Instant.EPOCH, ID).encode();
    assertBadRequest(
        () -> PageCursor.decode(newest, "discover-trending", 2),
        "the cursor belongs to another list or sort order");
  }

  @Test
  void aSeparatorInsideAFieldIsRefusedWhenWritten() {
    assertThatThrownBy(() -> PageCursor.of("test", "a|b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PageCursor.of("te|st", ID))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String raw(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertBadRequest(ThrowingCallable call, String detail) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            PlatformProblem.class,
            problem -> {
              assertThat(problem.getStatusCode().value()).isEqualTo(400);
              assertThat(problem.getBody().getDetail()).isEqualTo(detail);
              assertThat(problem.getBody().getProperties()).containsEntry("field", "cursor");
            });
  }
}
