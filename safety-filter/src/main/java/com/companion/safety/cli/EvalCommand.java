package com.companion.safety.cli;

import com.companion.safety.classifier.TextClassifier;
import com.companion.safety.evaluation.ClassifierEvaluation;
import com.companion.safety.evaluation.DatasetFormat;
import com.companion.safety.evaluation.Holdout;
import com.companion.safety.evaluation.LabelledCsv;
import com.companion.safety.evaluation.LabelledText;
import com.companion.safety.evaluation.Metrics;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code safety-eval --dataset FILE --format cold|davidson [--split all|test] [--model FILE]}:
 * accuracy, precision, recall and F1 of "abusive vs not"; for davidson also the three classes.
 * {@code --split test} keeps only the rows training held out (for the shared training files).
 */
final class EvalCommand {

  private static final String[] DAVIDSON_CLASSES = {"neither", "offensive", "hate"};

  private EvalCommand() {}

  static int run(CommandArgs args, PrintStream out) throws Exception {
    Path file = Path.of(args.required("dataset"));
    DatasetFormat format = DatasetFormat.parse(args.required("format"));
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(
          CommandArgs.whereToGet(args.required("format"), file, "dataset"));
    }
    String split = args.get("split", "all");
    List<LabelledText> rows = LabelledCsv.read(file, format);
    if (split.equals("test")) {
      rows = rows.stream().filter(r -> Holdout.of(r.text()) == Holdout.TEST).toList();
    }
    TextClassifier classifier = ModelFiles.load(args);
    // warm up (normaliser tables, JIT) so the time per message is the steady-state one
    ClassifierEvaluation.run(classifier, rows.subList(0, Math.min(rows.size(), 500)));
    long t0 = System.nanoTime();
    ClassifierEvaluation e = ClassifierEvaluation.run(classifier, rows);
    double usPerMessage = (System.nanoTime() - t0) / 1000.0 / Math.max(1, rows.size());
    Metrics b = e.binary();
    out.printf("dataset   %s (%s, split %s, %d rows)%n", file, format, split, rows.size());
    out.printf("model     %s%n", classifier.describe());
    out.printf("binary (offensive vs not)%n");
    out.printf("  accuracy  %s%n", Metrics.f(b.accuracy()));
    out.printf("  precision %s%n", Metrics.f(b.precision(1)));
    out.printf("  recall    %s%n", Metrics.f(b.recall(1)));
    out.printf("  f1        %s%n", Metrics.f(b.f1(1)));
    if (format == DatasetFormat.DAVIDSON) {
      Metrics m = e.threeClass();
      out.printf("three classes (hate, offensive, neither)%n");
      out.printf("  accuracy  %s   macro f1 %s%n", Metrics.f(m.accuracy()), Metrics.f(m.macroF1()));
      for (int c = 2; c >= 0; c--) {
        out.printf(
            "  %-9s precision %s  recall %s  f1 %s%n",
            DAVIDSON_CLASSES[c],
            Metrics.f(m.precision(c)),
            Metrics.f(m.recall(c)),
            Metrics.f(m.f1(c)));
      }
    }
    out.printf("classifier time per message %.1f us (one thread)%n", usPerMessage);
    return 0;
  }
}
