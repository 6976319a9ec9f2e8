package com.companion.safety.evaluation;

import com.companion.safety.classifier.ClassifierScores;
import com.companion.safety.classifier.LabelledText;
import com.companion.safety.classifier.TextClassifier;
import java.util.List;

/** Binary (abusive vs not) and three-class figures of a classifier on labelled texts. */
public record ClassifierEvaluation(Metrics binary, Metrics threeClass) {

  /** Probability of "offensive or hate" at or above which a message counts as abusive. */
  public static final double ABUSIVE_THRESHOLD = 0.5;

  public static ClassifierEvaluation run(TextClassifier classifier, List<LabelledText> rows) {
    Metrics binary = new Metrics(2);
    Metrics three = new Metrics(3);
    for (LabelledText row : rows) {
      ClassifierScores s = classifier.score(row.text());
      binary.add(row.abusive() ? 1 : 0, s.abusive() >= ABUSIVE_THRESHOLD ? 1 : 0);
      three.add(row.label(), s.argmax());
    }
    return new ClassifierEvaluation(binary, three);
  }
}
