package com.companion.safety.evaluation;

/** One labelled message; {@code label} is the classifier class (0 neither, 1 offensive, 2 hate). */
public record LabelledText(String text, int label) {

  public boolean abusive() {
    return label != 0;
  }
}
