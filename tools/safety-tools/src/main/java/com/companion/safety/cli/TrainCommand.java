package com.companion.safety.cli;

import com.companion.safety.classifier.LabelledText;
import com.companion.safety.classifier.LinearTrainer;
import com.companion.safety.classifier.TextClassifier;
import com.companion.safety.evaluation.ClassifierEvaluation;
import com.companion.safety.evaluation.DatasetFormat;
import com.companion.safety.evaluation.EvaluationSplit;
import com.companion.safety.evaluation.Holdout;
import com.companion.safety.evaluation.LabelledCsv;
import com.companion.safety.evaluation.Metrics;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code safety-train [--cold FILE] [--davidson FILE] [--out DIR] [--buckets N] [--iterations N]
 * [--l2 X,Y,...] [--check-every N] [--hold-out-topic NAME]}: trains on the TRAIN part of both files
 * once per penalty, picks the penalty and the iteration by the VALIDATION part, reports the
 * held-out TEST part and writes {@code classifier.bin.gz}. With {@code --hold-out-topic} no row of
 * that COLD topic is trained on or validated with, and the figures on all of them are reported too
 * (see {@link EvaluationSplit}).
 */
final class TrainCommand {

  private TrainCommand() {}

  static int run(CommandArgs args, PrintStream out) throws Exception {
    Path cold = Path.of(args.get("cold", CommandArgs.sharedDataset("cold").toString()));
    Path davidson = Path.of(args.get("davidson", CommandArgs.sharedDataset("davidson").toString()));
    Path outDir = Path.of(args.get("out", CommandArgs.moduleDefault("model").toString()));
    // the shipped buckets, iterations and rating interval; the penalty is chosen below
    int buckets = args.integer("buckets", LinearTrainer.Config.BUCKETS);
    int iterations = args.integer("iterations", LinearTrainer.Config.ITERATIONS);
    int checkEvery = args.integer("check-every", LinearTrainer.Config.CHECK_EVERY);
    String named = args.get("l2", null);
    List<Double> penalties =
        named == null
            ? LinearTrainer.PENALTIES
            : Arrays.stream(named.split(",")).map(v -> Double.parseDouble(v.strip())).toList();

    for (var dataset : List.of(Map.entry("cold", cold), Map.entry("davidson", davidson))) {
      if (!Files.exists(dataset.getValue())) {
        throw new IllegalArgumentException(
            CommandArgs.whereToGet(dataset.getKey(), dataset.getValue(), dataset.getKey()));
      }
    }
    String heldOutTopic = args.get("hold-out-topic", null);
    List<LabelledText> coldRows = LabelledCsv.read(cold, DatasetFormat.COLD);
    List<LabelledText> topicRows = List.of();
    if (heldOutTopic != null) {
      topicRows = EvaluationSplit.parse("topic:" + heldOutTopic).select(coldRows);
      if (topicRows.isEmpty()) {
        throw new IllegalArgumentException("no COLD rows of topic " + heldOutTopic);
      }
      coldRows = coldRows.stream().filter(r -> !r.topic().equalsIgnoreCase(heldOutTopic)).toList();
    }
    Split coldSplit = Split.of(coldRows);
    Split davidsonSplit = Split.of(LabelledCsv.read(davidson, DatasetFormat.DAVIDSON));
    List<LabelledText> train = new ArrayList<>(coldSplit.train);
    train.addAll(davidsonSplit.train);
    out.printf(
        "train %d (cold %d, davidson %d); validation cold %d, davidson %d; held out cold %d,"
            + " davidson %d%n",
        train.size(),
        coldSplit.train.size(),
        davidsonSplit.train.size(),
        coldSplit.validation.size(),
        davidsonSplit.validation.size(),
        coldSplit.test.size(),
        davidsonSplit.test.size());
    ToDoubleFunction<TextClassifier> validation =
        candidate ->
            (ClassifierEvaluation.run(candidate, coldSplit.validation).binary().accuracy()
                    + ClassifierEvaluation.run(candidate, davidsonSplit.validation)
                        .binary()
                        .accuracy())
                / 2;
    // the penalty, like the number of iterations, is chosen by the VALIDATION part
    TextClassifier model = null;
    double best = Double.NEGATIVE_INFINITY;
    for (double l2 : penalties) {
      out.printf("l2 %s%n", l2);
      TextClassifier candidate =
          new LinearTrainer(new LinearTrainer.Config(buckets, iterations, l2, checkEvery), out)
              .train(train, validation);
      double score = validation.applyAsDouble(candidate);
      if (score > best) {
        best = score;
        model = candidate;
        out.printf("l2 %s is the best so far (validation %.4f)%n", l2, score);
      }
    }
    Path file = outDir.resolve(ModelFiles.FILE_NAME);
    model.write(file);
    out.printf("wrote %s (%s)%n", file, model.describe());
    List<Map.Entry<String, List<LabelledText>>> reported = new ArrayList<>();
    reported.add(Map.entry("cold held-out", coldSplit.test));
    reported.add(Map.entry("davidson held-out", davidsonSplit.test));
    if (heldOutTopic != null) {
      reported.add(Map.entry("cold topic " + heldOutTopic, topicRows));
    }
    for (var e : reported) {
      Metrics metrics = ClassifierEvaluation.run(model, e.getValue()).binary();
      out.printf(
          "%-20s accuracy %s  precision %s  recall %s  f1 %s%n",
          e.getKey(),
          Metrics.f(metrics.accuracy()),
          Metrics.f(metrics.precision(1)),
          Metrics.f(metrics.recall(1)),
          Metrics.f(metrics.f1(1)));
    }
    return 0;
  }

  record Split(List<LabelledText> train, List<LabelledText> validation, List<LabelledText> test) {
    static Split of(List<LabelledText> rows) {
      List<LabelledText> train = new ArrayList<>();
      List<LabelledText> validation = new ArrayList<>();
      List<LabelledText> test = new ArrayList<>();
      for (LabelledText row : rows) {
        switch (Holdout.of(row.text())) {
          case TRAIN -> train.add(row);
          case VALIDATION -> validation.add(row);
          case TEST -> test.add(row);
        }
      }
      return new Split(train, validation, test);
    }
  }
}
