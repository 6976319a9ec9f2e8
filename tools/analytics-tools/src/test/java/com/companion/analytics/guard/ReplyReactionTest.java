package com.companion.analytics.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReplyReactionTest {

  static final String FINE =
      "Good morrow, sweet friend! The feast tonight is at old Capulet's house, and half of Verona"
          + " will dance there.";
  static final String LOOPING =
      "I will not go, I will not go, I will not go, I will not go, I will not go.";

  @Test
  void aReplyThatNeverRepeatsItselfMeasuresNoRepetition() {
    ReplyReaction.Measured measured = ReplyReaction.measure(FINE);
    assertThat(measured.words()).isEqualTo(19);
    assertThat(measured.repetition()).isZero();
    assertThat(measured.annoyance()).isZero();
  }

  @Test
  void aLoopingReplyMeasuresTheShareOfRepeatedWordPairs() {
    ReplyReaction.Measured measured = ReplyReaction.measure(LOOPING);
    // 20 words, 19 pairs; only the first 4 pairs ("i will", "will not", "not go", "go i") are new
    assertThat(measured.words()).isEqualTo(20);
    assertThat(measured.repetition()).isCloseTo(15.0 / 19, within(1e-9));
    assertThat(measured.annoyance()).isEqualTo(1.0);
  }

  @Test
  void aCurtReplyIsAnnoyingByItsLengthAlone() {
    assertThat(ReplyReaction.measure("Aye.").annoyance()).isCloseTo(0.5 * 5 / 6, within(1e-9));
    assertThat(ReplyReaction.measure("").annoyance()).isEqualTo(0.5);
    assertThat(ReplyReaction.measure("Aye, good sir, I shall go.").annoyance()).isZero();
  }

  @Test
  void usersRegenerateRateLowAndLeaveMoreAfterLoopingReplies() {
    Tally fine = tally(FINE, new SplittableRandom(3));
    Tally looping = tally(LOOPING, new SplittableRandom(3));
    // fine: regenerate 5%, leave 5%, 4 stars (3 one time in five)
    assertThat(fine.regenerates / (double) fine.n).isCloseTo(0.05, within(0.01));
    assertThat(fine.leaves / (double) fine.n).isCloseTo(0.05, within(0.01));
    assertThat(fine.low).isZero();
    // looping: regenerate 65%, leave 45%, every rating 1 star
    assertThat(looping.regenerates / (double) looping.n).isCloseTo(0.65, within(0.02));
    assertThat(looping.leaves / (double) looping.n).isCloseTo(0.45, within(0.02));
    assertThat(looping.low).isEqualTo(looping.rated);
    assertThat(looping.rated / (double) looping.n).isCloseTo(0.3, within(0.02));
  }

  @Test
  void theReactionDependsOnTheTextOnlyNotOnAnythingElse() {
    // the same text and the same random draws give the same reaction, however often it is asked
    for (int seed = 0; seed < 50; seed++) {
      assertThat(ReplyReaction.to(LOOPING, new SplittableRandom(seed)))
          .isEqualTo(ReplyReaction.to(LOOPING, new SplittableRandom(seed)));
    }
  }

  private static Tally tally(String reply, SplittableRandom random) {
    Tally tally = new Tally();
    for (int i = 0; i < 20_000; i++) {
      ReplyReaction reaction = ReplyReaction.to(reply, random);
      tally.n++;
      tally.regenerates += reaction.regenerate() ? 1 : 0;
      tally.leaves += reaction.leave() ? 1 : 0;
      tally.rated += reaction.stars() > 0 ? 1 : 0;
      tally.low += reaction.stars() > 0 && reaction.stars() <= 2 ? 1 : 0;
    }
    return tally;
  }

  private static final class Tally {
    int n;
    int regenerates;
    int leaves;
    int rated;
    int low;
  }
}
