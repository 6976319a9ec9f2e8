package com.companion.safety.classifier;

import java.io.IOException;
import java.io.InputStream;

/** The classifier shipped inside this service's jar ({@code safety.model-path} replaces it). */
public final class ShippedClassifier {

  /** Where the shipped classifier sits inside the jar. */
  public static final String RESOURCE = "/model/classifier.bin.gz";

  private ShippedClassifier() {}

  public static TextClassifier load() throws IOException {
    try (InputStream in = open()) {
      return TextClassifier.read(in);
    }
  }

  /** The shipped file's bytes, as written by the trainer. */
  public static InputStream open() throws IOException {
    InputStream in = ShippedClassifier.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IOException("no classifier in the jar at " + RESOURCE);
    }
    return in;
  }
}
