package com.companion.safety;

import com.companion.safety.classifier.ShippedClassifier;
import com.companion.safety.classifier.TextClassifier;
import com.companion.safety.config.SafetyProperties;
import com.companion.safety.lexicon.LexiconRegistry;
import com.companion.safety.moderation.SupportDirectory;
import com.companion.safety.policy.PolicyEvaluator;
import com.companion.safety.scoring.ModerationEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The moderation pipeline's beans: the safety-engine library's classes as this service runs them.
 * It sits beside the application class because it wires several features together; no feature
 * depends on it.
 */
@Configuration(proxyBeanMethods = false)
public class SafetyConfiguration {

  @Bean
  TextClassifier textClassifier(SafetyProperties properties) {
    try {
      if (properties.modelPath() != null && !properties.modelPath().isBlank()) {
        return TextClassifier.load(Path.of(properties.modelPath()));
      }
      return ShippedClassifier.load();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the classifier", e);
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
