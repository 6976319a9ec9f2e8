package com.companion.safety.evaluation;

import java.util.Locale;

/** The labelled CSV layouts the training and evaluation commands read. */
public enum DatasetFormat {
  /** COLDataset: {@code TEXT}, {@code label} (0 safe, 1 offensive), {@code topic}. */
  COLD("TEXT", "label", "topic"),
  /** Davidson et al.: {@code tweet}, {@code class} (0 hate, 1 offensive, 2 neither). */
  DAVIDSON("tweet", "class", null);

  private final String textColumn;
  private final String labelColumn;
  private final String topicColumn;

  DatasetFormat(String textColumn, String labelColumn, String topicColumn) {
    this.textColumn = textColumn;
    this.labelColumn = labelColumn;
    this.topicColumn = topicColumn;
  }

  /** The optional column that groups rows by subject; null when the layout has none. */
  public String topicColumn() {
    return topicColumn;
  }

  public String textColumn() {
    return textColumn;
  }

  public String labelColumn() {
    return labelColumn;
  }

  /** Maps the file's label to the classifier's classes: 0 neither, 1 offensive, 2 hate. */
  public int toClass(int fileLabel) {
    return switch (this) {
      case COLD -> fileLabel == 1 ? 1 : 0;
      case DAVIDSON ->
          switch (fileLabel) {
            case 0 -> 2;
            case 1 -> 1;
            default -> 0;
          };
    };
  }

  public static DatasetFormat parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }
}
