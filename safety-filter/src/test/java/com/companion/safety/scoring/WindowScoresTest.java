package com.companion.safety.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.safety.TestEngines;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A stream keeps its classifier windows' scores between checks; its verdicts must be exactly those
 * of scoring the whole text afresh, whichever way the text grows.
 */
class WindowScoresTest {

  private static final String[] PIECES = {
    "the harbour was quiet tonight ",
    "you stupid idiot ",
    "我们一起走过了那座桥，",
    "你这个傻逼，",
    "I will find you and hurt you ",
    "Tell me about the garden. ",
    "f u c k ",
    "hahaha ",
    "\n",
    "… ",
    "RT @someone: ",
    "http://example.com/x ",
    "好的好的好的 "
  };

  @Test
  void aGrowingTextGetsTheScoresOfTheWholeTextScoredAfresh() {
    ModerationEngine engine = TestEngines.engine();
    Random random = new Random(20261202);
    int windowed = 0;
    for (int reply = 0; reply < 60; reply++) {
      ModerationEngine.WindowScores windows = new ModerationEngine.WindowScores();
      StringBuilder text = new StringBuilder();
      for (int push = 0; push < 200; push++) {
        String piece = PIECES[random.nextInt(PIECES.length)];
        // a chunk is a piece, part of one, or several
        text.append(piece, 0, 1 + random.nextInt(piece.length()));
        ModerationResult kept = engine.moderate(text.toString(), windows);
        ModerationResult afresh = engine.moderate(text.toString());
        assertThat(kept.classifier())
            .as("at %d chars", text.length())
            .isEqualTo(afresh.classifier());
        assertThat(kept.scores()).isEqualTo(afresh.scores());
        if (text.length() > 800) {
          windowed++;
        }
      }
    }
    assertThat(windowed).isGreaterThan(2_000);
  }
}
