package com.companion.safety;

import com.companion.safety.classifier.ShippedClassifier;
import com.companion.safety.classifier.TextClassifier;
import com.companion.safety.lexicon.LexiconMatcher;
import com.companion.safety.lexicon.SeedLexicon;
import com.companion.safety.scoring.ModerationEngine;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The pipeline without Spring: seed lexicon and the shipped classifier. */
public final class TestEngines {

  private static ModerationEngine engine;

  private TestEngines() {}

  public static synchronized TextClassifier classifier() {
    try {
      return ShippedClassifier.load();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static synchronized ModerationEngine engine() {
    if (engine == null) {
      LexiconMatcher seed = LexiconMatcher.of(SeedLexicon.load(), 1);
      engine = new ModerationEngine(() -> seed, classifier());
    }
    return engine;
  }
}
