package com.companion.chat.safety.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.chat.Caller;
import com.companion.chat.model.ModelChunk;
import com.companion.chat.safety.ContentSafety;
import com.companion.chat.safety.ModerationVerdict;
import com.companion.chat.safety.ReplyModeration;
import com.companion.chat.safety.StreamModerator;
import com.companion.chat.safety.StreamModerator.Piece;
import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.safety.classifier.TextClassifier;
import com.companion.safety.engine.Moderator;
import com.companion.safety.engine.SnapshotJson;
import com.companion.safety.lexicon.LexiconTerm;
import com.companion.safety.moderation.Category;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Replies moderated in process with safety-filter's pipeline: no text is released before the policy
 * passed it, a term split across chunks is never shown in part, and without a snapshot the checks
 * go to safety-filter.
 */
class InProcessModerationTest {

  /** A classifier that finds nothing: this test is about the lexicon and the hold-back. */
  private static final TextClassifier QUIET =
      TextClassifier.fromWeights(new float[12], new float[] {8f, -8f, -8f});

  private static final Moderator MODERATOR =
      new Moderator(
          SnapshotJson.of(
              7,
              List.of(
                  new LexiconTerm(Category.OFFENSIVE, "en", "fuck*", 0.9),
                  new LexiconTerm(Category.HARASSMENT_THREATENING, "en", "i will kill you", 1.0),
                  new LexiconTerm(Category.SELF_HARM_INTENT, "en", "kill myself", 0.9)),
              List.of(),
              Map.of(),
              "digest"),
          QUIET);

  private final AtomicInteger remoteCalls = new AtomicInteger();
  private final ContentSafety remote =
      new ContentSafety() {
        @Override
        public Mono<ModerationVerdict> checkInput(String text, Caller caller) {
          remoteCalls.incrementAndGet();
          return Mono.just(ModerationVerdict.ALLOWED);
        }

        @Override
        public ReplyModeration openReply(Caller caller) {
          remoteCalls.incrementAndGet();
          return new UncheckedContentSafety().openReply(caller);
        }
      };

  private static Caller caller(AgeGroup age) {
    return new Caller(
        new PlatformPrincipal("u-1", "glow", Set.of(Role.USER), age), "Bearer x", "req-1");
  }

  private List<Piece> stream(LocalContentSafety safety, AgeGroup age, String... chunks) {
    Flux<ModelChunk> model = Flux.fromArray(chunks).map(c -> ModelChunk.text(c, "m"));
    return new StreamModerator()
        .moderate(model, safety.openReply(caller(age)), age == AgeGroup.MINOR)
        .collectList()
        .block();
  }

  private static String released(List<Piece> pieces) {
    StringBuilder shown = new StringBuilder();
    for (Piece p : pieces) {
      if (p instanceof Piece.Released r) {
        shown.append(r.text());
      }
    }
    return shown.toString();
  }

  @Test
  void aThreatSplitAcrossChunksIsStoppedBeforeAnyOfItIsShown() {
    LocalContentSafety safety =
        new LocalContentSafety(() -> MODERATOR, Mono::empty, () -> {}, remote);

    List<Piece> pieces =
        stream(safety, AgeGroup.ADULT, "Listen well. I will ki", "ll you ", "now.");

    assertThat(released(pieces)).isEqualTo("Listen well. ").doesNotContain("ki");
    assertThat(pieces.getLast()).isInstanceOf(Piece.Blocked.class);
    assertThat(remoteCalls).hasValue(0);
  }

  @Test
  void profanitySplitAcrossChunksNeverReachesAMinor() {
    LocalContentSafety safety =
        new LocalContentSafety(() -> MODERATOR, Mono::empty, () -> {}, remote);

    List<Piece> pieces = stream(safety, AgeGroup.MINOR, "what the fu", "cking hell");

    assertThat(released(pieces)).doesNotContain("fu");
    assertThat(pieces.getLast()).isInstanceOf(Piece.Blocked.class);
  }

  @Test
  void ordinaryTextIsReleasedAsItComes() {
    LocalContentSafety safety =
        new LocalContentSafety(() -> MODERATOR, Mono::empty, () -> {}, remote);

    List<Piece> pieces = stream(safety, AgeGroup.ADULT, "Good ", "morrow, ", "friend.");

    assertThat(released(pieces)).isEqualTo("Good morrow, friend.");
    assertThat(pieces.stream().noneMatch(p -> p instanceof Piece.Blocked)).isTrue();
  }

  @Test
  void aDisclosureCarriesSupportInTheUsersLanguage() {
    LocalContentSafety safety =
        new LocalContentSafety(() -> MODERATOR, Mono::empty, () -> {}, remote);

    ModerationVerdict verdict =
        safety.checkInput("sometimes I want to kill myself", caller(AgeGroup.MINOR)).block();

    assertThat(verdict.support()).isNotNull();
    assertThat(verdict.support().locale()).isEqualTo("en");
    assertThat(verdict.support().resources()).isNotEmpty();
    assertThat(verdict.support().checkIn()).isNotBlank();
  }

  @Test
  void withoutASnapshotEveryCheckGoesToSafetyFilter() {
    LocalContentSafety safety = new LocalContentSafety(() -> null, Mono::empty, () -> {}, remote);

    safety.checkInput("hello", caller(AgeGroup.ADULT)).block();
    safety.openReply(caller(AgeGroup.ADULT));

    assertThat(remoteCalls).hasValue(2);
    assertThat(safety.inProcess()).isFalse();
  }
}
