package com.companion.safety.config;

import com.companion.safety.classifier.TextClassifier;
import com.companion.safety.lexicon.LexiconRegistry;
import com.companion.safety.moderation.ModerationEngine;
import com.companion.safety.moderation.SupportDirectory;
import com.companion.safety.policy.PolicyEvaluator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The moderation pipeline's beans. */
@Configuration(proxyBeanMethods = false)
public class SafetyConfiguration {

  /** Where the shipped classifier sits inside the jar. */
  public static final String SHIPPED_MODEL = "/model/classifier.bin.gz";

  @Bean
  TextClassifier textClassifier(SafetyProperties properties) {
    try {
      if (properties.modelPath() != null && !properties.modelPath().isBlank()) {
        return TextClassifier.load(Path.of(properties.modelPath()));
      }
      return shipped();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the classifier", e);
    }
  }

  public static TextClassifier shipped() throws IOException {
    try (InputStream in = SafetyConfiguration.class.getResourceAsStream(SHIPPED_MODEL)) {
      if (in == null) {
        throw new IOException("no classifier in the jar at " + SHIPPED_MODEL);
      }
      return TextClassifier.read(in);
    }
  }

  @Bean
  ModerationEngine moderationEngine(LexiconRegistry lexicon, TextClassifier classifier) {
    return new ModerationEngine(lexicon, classifier);
  }

  @Bean
  SupportDirectory supportDirectory(SafetyProperties properties) {
    return new SupportDirectory(properties.support());
  }

  @Bean
  PolicyEvaluator policyEvaluator(ModerationEngine engine) {
    return new PolicyEvaluator(engine);
  }
}
