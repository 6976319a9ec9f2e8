package com.companion.safety.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.companion.safety.normalize.NormalizedText;
import com.companion.safety.normalize.TextNormalizer;

/**
 * The normaliser sees every message before anything else does, so it must take any string: no
 * exception, no hang, and an offset map that stays inside the original (redaction masks exactly
 * what the user typed). Fuzzed for {@code maxDuration} in its own JVM by {@code ./mvnw test}.
 */
class TextNormalizerFuzzTest {

  private static final TextNormalizer NORMALIZER = TextNormalizer.get();

  @FuzzTest(maxDuration = "10s")
  void anyTextNormalisesWithAnOffsetMapInsideTheOriginal(FuzzedDataProvider data) {
    // any UTF-16 text, unpaired surrogates included (what a JSON string can carry)
    String input =
        data.consumeBoolean()
            ? data.consumeRemainingAsString()
            : data.consumeRemainingAsAsciiString();
    NormalizedText normalized = NORMALIZER.normalize(input);
    assertThat(normalized.original()).isEqualTo(input);
    for (int i = 0; i < normalized.length(); i++) {
      int start = normalized.originalStart(i);
      int end = normalized.originalEnd(i);
      assertThat(start).isBetween(0, input.length());
      assertThat(end).isBetween(start, input.length());
    }
    // normalising is a fixed point for the lexicon: the canonical form of the canonical form
    // does not need to equal it, but it must not fail either
    NORMALIZER.canonical(normalized.text());
  }
}
