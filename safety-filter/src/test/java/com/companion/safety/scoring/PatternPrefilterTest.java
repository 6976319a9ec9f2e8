package com.companion.safety.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.safety.classifier.internal.FeatureHasherAccess;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The personal-data patterns and the classifier's noise pattern run only where a cheap look at the
 * text says they may match. That look must never skip a text the pattern matches: checked here on
 * random texts made of the characters the patterns turn on, and shown to skip ordinary chat.
 */
class PatternPrefilterTest {

  private static final String[] PIECES = {
    "0",
    "1",
    "3",
    "8",
    "9",
    " ",
    "-",
    "x",
    "a",
    "z",
    "_",
    "r",
    "R",
    "t",
    "T",
    "w",
    "W",
    ".",
    ":",
    "/",
    "@",
    "&",
    "#",
    ";",
    "h",
    "p",
    "s",
    "微信",
    "号",
    "：",
    "vx",
    "wx",
    "qq",
    "wechat",
    "telegram",
    "中",
    "é",
    "\u0301",
    "𝐀",
    "\n"
  };

  private static final String[] MESSENGERS = {"微信", "vx", "wx", "qq", "wechat", "telegram", "QQ"};

  private static String randomText(Random random) {
    StringBuilder text = new StringBuilder();
    int pieces = 1 + random.nextInt(12);
    for (int i = 0; i < pieces; i++) {
      switch (random.nextInt(4)) {
        case 0 -> {
          // a run of digits, sometimes with single spaces, near the lengths the patterns count
          int digits = 7 + random.nextInt(13);
          for (int d = 0; d < digits; d++) {
            text.append((char) ('0' + random.nextInt(10)));
            if (random.nextInt(6) == 0) {
              text.append(' ');
            }
          }
        }
        case 1 -> {
          // a messenger name, perhaps with a handle after it
          text.append(MESSENGERS[random.nextInt(MESSENGERS.length)]);
          for (int c = random.nextInt(9); c > 0; c--) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
          }
        }
        default -> text.append(PIECES[random.nextInt(PIECES.length)]);
      }
    }
    return text.toString();
  }

  @Test
  void aPatternIsNeverSkippedOnATextItMatches() {
    Random random = new Random(20261202);
    Map<String, Integer> matches = new HashMap<>();
    for (int i = 0; i < 300_000; i++) {
      String text = randomText(random);
      for (Pattern p : PersonalDataDetector.NUMBERS_AND_HANDLES) {
        if (p.matcher(text).find()) {
          matches.merge(p.pattern(), 1, Integer::sum);
          assertThat(PersonalDataDetector.mayMatch(p, text)).as("%s on %s", p, text).isTrue();
        }
      }
      if (FeatureHasherAccess.noise().matcher(text).find()) {
        matches.merge("noise", 1, Integer::sum);
        assertThat(FeatureHasherAccess.mayHoldNoise(text)).as("noise in %s", text).isTrue();
      }
    }
    // the texts reach every pattern often enough for the check to mean something
    assertThat(matches)
        .hasSize(5)
        .allSatisfy((pattern, count) -> assertThat(count).isGreaterThan(500));
  }

  @Test
  void ordinaryChatSkipsThePatterns() {
    String chat = "That's a start! My heart says we should part at the port at 10, not 11. 我们明天见。";
    for (Pattern p : PersonalDataDetector.NUMBERS_AND_HANDLES) {
      assertThat(PersonalDataDetector.mayMatch(p, chat)).as("%s", p).isFalse();
    }
    assertThat(FeatureHasherAccess.mayHoldNoise(chat)).isFalse();
    assertThat(FeatureHasherAccess.mayHoldNoise("rt this")).isTrue();
    assertThat(FeatureHasherAccess.mayHoldNoise("see WWW.example.com")).isTrue();
  }
}
