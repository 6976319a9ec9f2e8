package com.companion.safety.snapshot;

import com.companion.safety.classifier.ShippedClassifier;
import com.companion.safety.config.SafetyProperties;
import com.companion.safety.engine.SafetySnapshot;
import com.companion.safety.engine.SnapshotJson;
import com.companion.safety.lexicon.LexiconMatcher;
import com.companion.safety.lexicon.LexiconRegistry;
import com.companion.safety.policy.Policy;
import com.companion.safety.policy.PolicyRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The snapshot of what this replica moderates with (lexicon, stored policies, support texts and the
 * classifier file's digest), for services that moderate in-process. Rebuilt only when the lexicon
 * or a policy changed; replicas with the same content give the same version.
 */
@Component
public class SnapshotPublisher {

  /** A snapshot with its JSON, built together. */
  public record Published(SafetySnapshot snapshot, String json) {}

  private final LexiconRegistry lexicon;
  private final PolicyRegistry policies;
  private final SafetyProperties properties;
  private final byte[] classifier;
  private final String classifierDigest;
  private volatile Published current;

  public SnapshotPublisher(
      LexiconRegistry lexicon, PolicyRegistry policies, SafetyProperties properties) {
    this.lexicon = lexicon;
    this.policies = policies;
    this.properties = properties;
    this.classifier = classifierBytes(properties);
    this.classifierDigest = SnapshotJson.sha256(classifier);
  }

  public Published current() {
    LexiconMatcher matcher = lexicon.get();
    List<Policy> stored =
        policies.stored().stream()
            .sorted(Comparator.comparing(Policy::product).thenComparing(p -> p.ageGroup().name()))
            .toList();
    Published p = current;
    if (p == null
        || p.snapshot().lexiconVersion() != matcher.version()
        || !p.snapshot().lexicon().equals(matcher.terms())
        || !p.snapshot().policies().equals(stored)) {
      SafetySnapshot s =
          SnapshotJson.of(
              matcher.version(), matcher.terms(), stored, properties.support(), classifierDigest);
      p = new Published(s, SnapshotJson.write(s));
      current = p;
    }
    return p;
  }

  /** The classifier file the engine was loaded from, gzip bytes as stored. */
  public byte[] classifier() {
    return classifier;
  }

  public String classifierDigest() {
    return classifierDigest;
  }

  private static byte[] classifierBytes(SafetyProperties properties) {
    try {
      if (properties.modelPath() != null && !properties.modelPath().isBlank()) {
        return Files.readAllBytes(Path.of(properties.modelPath()));
      }
      try (InputStream in = ShippedClassifier.open()) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the classifier", e);
    }
  }
}
