package com.companion.chat.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.chat.model.ModelChunk;
import com.companion.chat.model.TokenUsage;
import com.companion.chat.safety.StreamModerator.Piece;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class StreamModeratorTest {

  private final StreamModerator moderator = new StreamModerator();
  private final List<String> checked = new CopyOnWriteArrayList<>();

  private ReplyModeration blocking(String word) {
    return new CheckedPrefixModeration(
        text -> {
          checked.add(text);
          return Mono.just(
              text.contains(word)
                  ? new ModerationVerdict(ModerationVerdict.Action.BLOCK, List.of("x"))
                  : ModerationVerdict.ALLOWED);
        },
        24,
        2000);
  }

  private static Flux<ModelChunk> tokens(String... parts) {
    return Flux.concat(
        Flux.fromArray(parts).map(part -> ModelChunk.text(part, "m")),
        Flux.just(new ModelChunk("", "stop", new TokenUsage(3, parts.length), "m")));
  }

  @Test
  void releasesOnlyCheckedTextAtWordBoundariesAndEverythingAtTheEnd() {
    List<Piece> pieces =
        moderator
            .moderate(tokens("Hel", "lo the", "re, tra", "veller"), blocking("nothing"), false)
            .collectList()
            .block();

    String released =
        pieces.stream()
            .filter(p -> p instanceof Piece.Released)
            .map(p -> ((Piece.Released) p).text())
            .reduce("", String::concat);
    assertThat(released).isEqualTo("Hello there, traveller");
    // the first word went out as soon as it was complete and checked
    assertThat(
            pieces.stream()
                .filter(p -> p instanceof Piece.Released)
                .map(p -> ((Piece.Released) p).text())
                .filter(text -> !text.isEmpty())
                .findFirst())
        .contains("Hello ");
    // every released text was covered by a check made before it was released
    assertThat(checked.getLast()).isEqualTo("Hello there, traveller");
    assertThat(checked).allSatisfy(text -> assertThat(text).doesNotEndWith("tra"));
    assertThat(pieces.stream().filter(p -> p instanceof Piece.Meta)).isNotEmpty();
  }

  @Test
  void aBlockStopsTheStreamAndKeepsTheOriginal() {
    AtomicBoolean cancelled = new AtomicBoolean();
    Flux<ModelChunk> model =
        Flux.concat(
                Flux.just("Fine words here and ", "then bad", "word appears ", "and more")
                    .map(part -> ModelChunk.text(part, "m")),
                Flux.never())
            .doOnCancel(() -> cancelled.set(true));

    List<Piece> pieces =
        moderator.moderate(model, blocking("badword"), false).collectList().block();

    assertThat(pieces.getLast()).isInstanceOf(Piece.Blocked.class);
    assertThat(((Piece.Blocked) pieces.getLast()).original()).contains("badword");
    String released =
        pieces.stream()
            .filter(p -> p instanceof Piece.Released)
            .map(p -> ((Piece.Released) p).text())
            .reduce("", String::concat);
    assertThat(released).doesNotContain("bad");
    assertThat(cancelled).isTrue();
  }

  @Test
  void flaggedRepliesStopForMinorsOnly() {
    ReplyModeration flagging =
        new CheckedPrefixModeration(
            text ->
                Mono.just(
                    new ModerationVerdict(ModerationVerdict.Action.FLAG_FOR_REVIEW, List.of())),
            24,
            2000);
    assertThat(moderator.moderate(tokens("hi ", "there"), flagging, false).collectList().block())
        .noneMatch(p -> p instanceof Piece.Blocked);
    assertThat(moderator.moderate(tokens("hi ", "there"), flagging, true).collectList().block())
        .anyMatch(p -> p instanceof Piece.Blocked);
  }

  @Test
  void boundaries() {
    assertThat(CheckedPrefixModeration.lastBoundary("abc def gh", 0)).isEqualTo(8);
    assertThat(CheckedPrefixModeration.lastBoundary("abc def gh", 8)).isEqualTo(8);
    assertThat(CheckedPrefixModeration.lastBoundary("abcdef", 0)).isZero();
  }
}
