package com.companion.safety.evaluation;

import com.companion.safety.classifier.LabelledText;
import java.util.List;
import java.util.Locale;

/**
 * Which rows of a labelled file a figure is measured on ({@code --split}).
 *
 * <ul>
 *   <li>{@code all}: every row.
 *   <li>{@code test}: the hash-held-out TEST part ({@link Holdout}); it shares sources, topics and
 *       annotation with the rows trained on, so it flatters the model.
 *   <li>{@code topic:NAME}: every row of one COLD topic (race, region, gender), for a model trained
 *       with {@code --hold-out-topic NAME}: neither its words nor its targets were seen in training
 *       or in the choice of epoch, which is closer to what text from elsewhere does to the model. A
 *       file without a topic column falls back to its TEST part.
 * </ul>
 */
public record EvaluationSplit(String name, String topic) {

  private static final String TOPIC_PREFIX = "topic:";

  public static EvaluationSplit parse(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.equals("all") || v.equals("test")) {
      return new EvaluationSplit(v, null);
    }
    if (v.startsWith(TOPIC_PREFIX) && v.length() > TOPIC_PREFIX.length()) {
      return new EvaluationSplit(v, v.substring(TOPIC_PREFIX.length()));
    }
    throw new IllegalArgumentException(
        "--split is all, test or topic:NAME (a COLD topic: race, region, gender), not " + value);
  }

  public List<LabelledText> select(List<LabelledText> rows) {
    if (name.equals("all")) {
      return rows;
    }
    boolean topics = topic != null && rows.stream().anyMatch(r -> !r.topic().isEmpty());
    if (topics) {
      return rows.stream().filter(r -> r.topic().equalsIgnoreCase(topic)).toList();
    }
    return rows.stream().filter(r -> Holdout.of(r.text()) == Holdout.TEST).toList();
  }

  @Override
  public String toString() {
    return name;
  }
}
