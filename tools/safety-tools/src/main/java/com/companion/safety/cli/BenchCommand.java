package com.companion.safety.cli;

import com.companion.contracts.auth.AgeGroup;
import com.companion.safety.classifier.LabelledText;
import com.companion.safety.classifier.TextClassifier;
import com.companion.safety.evaluation.ClassifierEvaluation;
import com.companion.safety.evaluation.DatasetFormat;
import com.companion.safety.evaluation.EvaluationSplit;
import com.companion.safety.evaluation.LabelledCsv;
import com.companion.safety.evaluation.Metrics;
import com.companion.safety.evaluation.Obfuscator;
import com.companion.safety.evaluation.PipelineEvaluation;
import com.companion.safety.lexicon.LexiconMatcher;
import com.companion.safety.lexicon.SeedLexicon;
import com.companion.safety.moderation.Action;
import com.companion.safety.policy.DefaultPolicies;
import com.companion.safety.policy.Policy;
import com.companion.safety.policy.PolicyEvaluator;
import com.companion.safety.scoring.ModerationEngine;
import com.companion.safety.stream.ModerationStream;
import com.companion.safety.stream.StreamVerdict;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code safety-bench [--cold FILE] [--davidson FILE] [--split test|all|topic:NAME] [--limit N]}:
 * per dataset accuracy/precision/recall/F1 of the bare classifier and of the whole pipeline under
 * the built-in adult and minor policies; robustness (recall on obfuscated copies of the positive
 * examples against recall on the clean ones, per evasion kind); throughput and latency of the whole
 * pipeline (normalise, lexicon, personal data, classifier, policy) on one thread; and the cost of
 * streaming moderation on the first released chunk. Everything in one run, so ratios compare like
 * with like.
 */
final class BenchCommand {

  private static final long SEED = 20261128L;

  /** About one token of English text: what a model stream brings per push. */
  private static final int CHARS_PER_PUSH = 4;

  private static final int MEASURED_PASSES = 5;

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private BenchCommand() {}

  static int run(CommandArgs args, PrintStream out) throws Exception {
    Path cold = Path.of(args.get("cold", CommandArgs.sharedDataset("cold").toString()));
    Path davidson = Path.of(args.get("davidson", CommandArgs.sharedDataset("davidson").toString()));
    EvaluationSplit split = EvaluationSplit.parse(args.get("split", "test"));
    int limit = args.integer("limit", Integer.MAX_VALUE);
    TextClassifier classifier = ModelFiles.load(args);
    Map<String, List<LabelledText>> sets = new LinkedHashMap<>();
    for (var e : List.of(Map.entry("cold", cold), Map.entry("davidson", davidson))) {
      if (!Files.exists(e.getValue())) {
        out.printf(
            "(skipping %s: %s)%n",
            e.getKey(), CommandArgs.whereToGet(e.getKey(), e.getValue(), e.getKey()));
        continue;
      }
      List<LabelledText> rows =
          split.select(LabelledCsv.read(e.getValue(), DatasetFormat.parse(e.getKey())));
      sets.put(e.getKey(), rows.subList(0, Math.min(limit, rows.size())));
    }
    if (sets.isEmpty()) {
      throw new IllegalArgumentException(
          "no dataset found. "
              + CommandArgs.whereToGet("cold", cold, "cold")
              + " "
              + CommandArgs.whereToGet("davidson", davidson, "davidson"));
    }
    out.printf(
        "safety-bench  %s  java %s  %d cpus  load average %s%nmodel: %s  split: %s%n%n",
        System.getProperty("os.arch"),
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        loadAverage(),
        classifier.describe(),
        split);

    out.println("== classifier quality (abusive vs not; davidson also 3-class)");
    out.printf(
        "%-9s %6s %9s %9s %9s %9s %12s%n",
        "dataset", "rows", "accuracy", "precision", "recall", "f1", "3-class acc");
    for (var e : sets.entrySet()) {
      ClassifierEvaluation ev = ClassifierEvaluation.run(classifier, e.getValue());
      Metrics b = ev.binary();
      out.printf(
          "%-9s %6d %9s %9s %9s %9s %12s%n",
          e.getKey(),
          b.total(),
          Metrics.f(b.accuracy()),
          Metrics.f(b.precision(1)),
          Metrics.f(b.recall(1)),
          Metrics.f(b.f1(1)),
          e.getKey().equals("davidson") ? Metrics.f(ev.threeClass().accuracy()) : "-");
    }

    LexiconMatcher lexicon = LexiconMatcher.of(SeedLexicon.load(), 1);
    ModerationEngine engine = new ModerationEngine(() -> lexicon, classifier);
    PolicyEvaluator evaluator = new PolicyEvaluator(engine);

    out.println();
    out.println(
        "== whole pipeline (normalise, lexicon, classifier, calibration, policy): flagged or"
            + " action other than allow");
    out.printf(
        "%-9s %-6s %6s %9s %9s %9s %9s %8s %8s %8s%n",
        "dataset",
        "policy",
        "rows",
        "accuracy",
        "precision",
        "recall",
        "f1",
        "block",
        "redact",
        "review");
    for (var e : sets.entrySet()) {
      for (AgeGroup group : List.of(AgeGroup.ADULT, AgeGroup.MINOR)) {
        PipelineEvaluation p =
            PipelineEvaluation.run(
                engine, evaluator, DefaultPolicies.forAgeGroup(group), e.getValue());
        Metrics m = p.binary();
        out.printf(
            "%-9s %-6s %6d %9s %9s %9s %9s %8s %8s %8s%n",
            e.getKey(),
            group.name().toLowerCase(Locale.ROOT),
            m.total(),
            Metrics.f(m.accuracy()),
            Metrics.f(m.precision(1)),
            Metrics.f(m.recall(1)),
            Metrics.f(m.f1(1)),
            share(p, Action.BLOCK),
            share(p, Action.REDACT),
            share(p, Action.FLAG_FOR_REVIEW));
      }
    }

    out.println();
    out.println("== robustness: recall on obfuscated positives / recall on the clean ones");
    out.printf("%-9s %-12s %8s %10s %8s%n", "dataset", "evasion", "clean", "obfuscated", "ratio");
    for (var e : sets.entrySet()) {
      boolean chinese = e.getKey().equals("cold");
      List<String> positives =
          e.getValue().stream()
              .filter(LabelledText::abusive)
              .map(r -> TextClassifier.stripNoise(r.text()).strip())
              .filter(s -> !s.isEmpty())
              .toList();
      double clean = recall(classifier, positives);
      for (Obfuscator o : Obfuscator.values()) {
        if (!o.appliesTo(chinese)) {
          continue;
        }
        Random r = new Random(SEED + o.ordinal());
        List<String> obfuscated = positives.stream().map(s -> o.obfuscate(s, r)).toList();
        double rec = recall(classifier, obfuscated);
        out.printf(
            "%-9s %-12s %8s %10s %8s%n",
            e.getKey(),
            o.name().toLowerCase(Locale.ROOT),
            Metrics.f(clean),
            Metrics.f(rec),
            String.format(Locale.ROOT, "%.3f", clean == 0 ? 0 : rec / clean));
      }
    }

    List<String> texts = new ArrayList<>();
    sets.values().forEach(rows -> rows.forEach(r -> texts.add(r.text())));
    Policy policy = DefaultPolicies.forAgeGroup(AgeGroup.MINOR);

    out.println();
    out.println("== latency per message, one thread (after warm-up)");
    out.printf("%-38s %10s %9s %9s %9s%n", "stage", "msgs/s", "p50 us", "p99 us", "mean us");
    for (int i = 0; i < Math.min(texts.size(), 3000); i++) {
      evaluator.decide(texts.get(i), engine.moderate(texts.get(i)), policy);
    }
    long[] clf = new long[texts.size()];
    long[] clfCpu = new long[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      long c0 = THREADS.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      classifier.score(texts.get(i));
      clf[i] = System.nanoTime() - t0;
      clfCpu[i] = THREADS.getCurrentThreadCpuTime() - c0;
    }
    row(out, "classifier, wall clock", clf);
    row(out, "classifier, cpu time", clfCpu);
    long[] pipe = new long[texts.size()];
    long[] pipeCpu = new long[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      long c0 = THREADS.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      evaluator.decide(texts.get(i), engine.moderate(texts.get(i)), policy);
      pipe[i] = System.nanoTime() - t0;
      pipeCpu[i] = THREADS.getCurrentThreadCpuTime() - c0;
    }
    row(out, "pipeline (moderate + policy), wall", pipe);
    row(out, "pipeline (moderate + policy), cpu", pipeCpu);

    out.println();
    out.println("== streaming: cost added to the first released chunk");
    long[] first = new long[Math.min(texts.size(), 2000)];
    int heldWhole = 0;
    for (int i = 0; i < first.length; i++) {
      String text = texts.get(i);
      String chunk = text.substring(0, Math.min(text.length(), 12));
      ModerationStream s = new ModerationStream(engine, evaluator, policy, selfHarm -> "");
      long t0 = System.nanoTime();
      StreamVerdict v = s.push(chunk);
      first[i] = System.nanoTime() - t0;
      if (v.released().isEmpty() && !v.stopped()) {
        heldWhole++;
      }
    }
    row(out, "first push (12-char chunk)", first);
    out.printf(
        "first chunks fully held back (waiting for the next chunk): %.1f%%;"
            + " hold-back cap %d chars%n",
        100.0 * heldWhole / first.length, ModerationStream.MAX_HOLD_BACK_CHARS);
    wholeReplies(engine, evaluator, policy, out);
    return 0;
  }

  /**
   * Sentences in the manner of a companion's replies, for whole streamed replies: the datasets are
   * tweets and forum posts, full of mentions, entities and numbers that a model's reply rarely has.
   */
  private static final List<String> REPLY_SENTENCES =
      List.of(
          "The lantern swung over the harbour while we walked along the quay.",
          "I kept thinking about what you said yesterday, and I think you were right.",
          "Tell me more about the garden; did the roses come back after the storm?",
          "That sounds like a long day, so let's take it slowly tonight.",
          "我们一起走过了那座桥，风很大，可是你一直在笑。",
          "今天的晚饭是什么？我猜你又忘了吃早饭。",
          "If you could visit any city tomorrow, which one would you choose and why?",
          "The old librarian smiled and slid the map across the table towards you.");

  /**
   * A whole reply streamed as a model streams it, a few chars a push (about one token): every push
   * checks all the text so far, so a reply costs more than its length alone says. Replies are the
   * sentences above in a random order, cut to the length; each length is warmed up first.
   */
  private static void wholeReplies(
      ModerationEngine engine, PolicyEvaluator evaluator, Policy policy, PrintStream out) {
    out.println();
    out.println(
        "== streaming: a whole reply pushed "
            + CHARS_PER_PUSH
            + " chars at a time (CPU, best of "
            + MEASURED_PASSES
            + " passes)");
    out.printf("%-10s %8s %12s %12s%n", "tokens", "replies", "cpu us/reply", "us per push");
    Random random = new Random(SEED);
    for (int tokens : new int[] {32, 200}) {
      List<String> replies = new ArrayList<>();
      for (int r = 0; r < 400; r++) {
        StringBuilder reply = new StringBuilder();
        while (reply.length() < tokens * CHARS_PER_PUSH) {
          reply.append(REPLY_SENTENCES.get(random.nextInt(REPLY_SENTENCES.size()))).append(' ');
        }
        replies.add(reply.substring(0, tokens * CHARS_PER_PUSH));
      }
      // pass 0 warms up; the best of the others is reported, the run least disturbed by the
      // machine's other work (a shared 2-core machine swings single runs by half)
      double best = Double.MAX_VALUE;
      for (int pass = 0; pass <= MEASURED_PASSES; pass++) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        for (String reply : replies) {
          ModerationStream s = new ModerationStream(engine, evaluator, policy, selfHarm -> "");
          for (int at = 0; at < reply.length() && !s.isStopped(); at += CHARS_PER_PUSH) {
            s.push(reply.substring(at, Math.min(reply.length(), at + CHARS_PER_PUSH)));
          }
          s.close();
        }
        double perReply = (THREADS.getCurrentThreadCpuTime() - c0) / 1_000.0 / replies.size();
        if (pass > 0) {
          best = Math.min(best, perReply);
        }
      }
      out.printf(
          Locale.ROOT, "%-10d %8d %12.1f %12.2f%n", tokens, replies.size(), best, best / tokens);
    }
  }

  /** Wall-clock percentiles on a shared machine include time the thread waited for a core. */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip().split(" ")[0];
    } catch (java.io.IOException | RuntimeException e) {
      return "n/a";
    }
  }

  private static String share(PipelineEvaluation p, Action action) {
    return String.format(Locale.ROOT, "%.3f", p.share(action));
  }

  private static double recall(TextClassifier classifier, List<String> positives) {
    int hit = 0;
    for (String s : positives) {
      if (classifier.score(s).abusive() >= ClassifierEvaluation.ABUSIVE_THRESHOLD) {
        hit++;
      }
    }
    return positives.isEmpty() ? 0 : (double) hit / positives.size();
  }

  private static void row(PrintStream out, String name, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double total = 0;
    for (long n : sorted) {
      total += n;
    }
    double mean = total / sorted.length;
    out.printf(
        "%-38s %10.0f %9.1f %9.1f %9.1f%n",
        name,
        1e9 / mean,
        sorted[sorted.length / 2] / 1000.0,
        sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] / 1000.0,
        mean / 1000.0);
  }
}
