package com.companion.safety.cli;

import com.companion.contracts.auth.AgeGroup;
import com.companion.safety.classifier.LabelledText;
import com.companion.safety.classifier.TextClassifier;
import com.companion.safety.evaluation.ClassifierEvaluation;
import com.companion.safety.evaluation.DatasetFormat;
import com.companion.safety.evaluation.EvaluationSplit;
import com.companion.safety.evaluation.LabelledCsv;
import com.companion.safety.evaluation.Metrics;
import com.companion.safety.evaluation.PipelineEvaluation;
import com.companion.safety.lexicon.LexiconMatcher;
import com.companion.safety.lexicon.SeedLexicon;
import com.companion.safety.moderation.Action;
import com.companion.safety.policy.DefaultPolicies;
import com.companion.safety.policy.PolicyEvaluator;
import com.companion.safety.scoring.ModerationEngine;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code safety-eval --dataset FILE --format cold|davidson [--split all|test|topic:NAME] [--model
 * FILE]}: accuracy, precision, recall and F1 of "abusive vs not", for the bare classifier and for
 * the whole pipeline under the built-in adult and minor policies (seed lexicon); for davidson also
 * the three classes. {@code --split test} keeps only the rows training held out (for the shared
 * training files), {@code topic:NAME} one COLD topic ({@link EvaluationSplit}).
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
    EvaluationSplit split = EvaluationSplit.parse(args.get("split", "all"));
    List<LabelledText> rows = split.select(LabelledCsv.read(file, format));
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
    LexiconMatcher lexicon = LexiconMatcher.of(SeedLexicon.load(), 1);
    ModerationEngine engine = new ModerationEngine(() -> lexicon, classifier);
    PolicyEvaluator evaluator = new PolicyEvaluator(engine);
    out.printf("whole pipeline (flagged or action other than allow; seed lexicon)%n");
    for (AgeGroup group : List.of(AgeGroup.ADULT, AgeGroup.MINOR)) {
      PipelineEvaluation p =
          PipelineEvaluation.run(engine, evaluator, DefaultPolicies.forAgeGroup(group), rows);
      Metrics m = p.binary();
      out.printf(
          "  %-6s accuracy %s  precision %s  recall %s  f1 %s  blocked %s  redacted %s"
              + "  for review %s%n",
          group.name().toLowerCase(Locale.ROOT),
          Metrics.f(m.accuracy()),
          Metrics.f(m.precision(1)),
          Metrics.f(m.recall(1)),
          Metrics.f(m.f1(1)),
          Metrics.f(p.share(Action.BLOCK)),
          Metrics.f(p.share(Action.REDACT)),
          Metrics.f(p.share(Action.FLAG_FOR_REVIEW)));
    }
    out.printf("classifier time per message %.1f us (one thread)%n", usPerMessage);
    return 0;
  }
}
