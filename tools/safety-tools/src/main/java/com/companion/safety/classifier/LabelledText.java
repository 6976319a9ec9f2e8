package com.companion.safety.classifier;

/**
 * One labelled message; {@code label} is the classifier class (0 neither, 1 offensive, 2 hate);
 * {@code topic} is the file's topic column (COLD: race, region, gender), empty when it has none.
 */
public record LabelledText(String text, int label, String topic) {

  public LabelledText(String text, int label) {
    this(text, label, "");
  }

  public boolean abusive() {
    return label != 0;
  }
}
