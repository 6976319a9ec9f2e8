package com.companion.inference.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import com.companion.inference.model.BpeTrainer;
import com.companion.inference.model.ChatTemplate;
import com.companion.inference.model.Checkpoint;
import com.companion.inference.model.MixtralModel;
import com.companion.inference.model.ModelConfig;
import com.companion.inference.model.Safetensors;
import com.companion.inference.model.TextTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code train}: learns a tokenizer and a Mixtral-style model from scratch on a play script turned
 * into persona samples, with DJL's Trainer, AdamW, the load-balancing loss, held-out validation
 * every N steps, and a checkpoint after each validation that a later run resumes from.
 */
public final class TrainCommand {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Command-line options with their defaults. */
  public record Options(
      Path corpus,
      Path out,
      int steps,
      int batch,
      int seqLen,
      float learningRate,
      long seed,
      int evalEvery,
      int vocab,
      int hidden,
      int intermediate,
      int layers,
      int heads,
      int kvHeads,
      int experts,
      int topK,
      int sharedExpert,
      int maxContextSpeeches,
      boolean resume,
      double timeBudgetMinutes,
      int stopAfter) {

    static Options parse(String[] args) {
      Map<String, String> a = new HashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (args[i].startsWith("--")) {
          String key = args[i].substring(2);
          String value = i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true";
          a.put(key, value);
        }
      }
      Path defaultOut =
          Files.isDirectory(Path.of("inference-node"))
              ? Path.of("inference-node/model")
              : Path.of("model");
      return new Options(
          Path.of(a.getOrDefault("corpus", "../shared/corpus/tinyshakespeare.txt")),
          Path.of(a.getOrDefault("out", defaultOut.toString())),
          Integer.parseInt(a.getOrDefault("steps", "1000")),
          Integer.parseInt(a.getOrDefault("batch", "16")),
          Integer.parseInt(a.getOrDefault("seq-len", "384")),
          Float.parseFloat(a.getOrDefault("lr", "3e-3")),
          Long.parseLong(a.getOrDefault("seed", "1234")),
          Integer.parseInt(a.getOrDefault("eval-every", "50")),
          Integer.parseInt(a.getOrDefault("vocab", "1024")),
          Integer.parseInt(a.getOrDefault("hidden", "256")),
          Integer.parseInt(a.getOrDefault("intermediate", "256")),
          Integer.parseInt(a.getOrDefault("layers", "4")),
          Integer.parseInt(a.getOrDefault("heads", "8")),
          Integer.parseInt(a.getOrDefault("kv-heads", "2")),
          Integer.parseInt(a.getOrDefault("experts", "8")),
          Integer.parseInt(a.getOrDefault("top-k", "2")),
          Integer.parseInt(a.getOrDefault("shared-expert", "0")),
          Integer.parseInt(a.getOrDefault("context-speeches", "12")),
          Boolean.parseBoolean(a.getOrDefault("resume", "false")),
          Double.parseDouble(a.getOrDefault("time-budget-minutes", "0")),
          Integer.parseInt(a.getOrDefault("stop-after", "0")));
    }
  }

  private TrainCommand() {}

  /** Parses {@code --key value} options (see the module README for the list). */
  public static Options options(String... args) {
    return Options.parse(args);
  }

  public static void main(String[] args) throws Exception {
    run(Options.parse(args), String.join(" ", args));
  }

  public static void run(Options o, String commandLine) throws Exception {
    Files.createDirectories(o.out());
    String script = Files.readString(o.corpus());
    List<RolePlayCorpus.Speech> speeches = RolePlayCorpus.parse(script);
    int split = (int) (speeches.size() * 0.95);
    boolean resuming = o.resume() && Files.exists(o.out().resolve("training_state.json"));
    if (!resuming) {
      StringBuilder text = new StringBuilder();
      for (RolePlayCorpus.Speech s : speeches.subList(0, split)) {
        text.append(s.speaker()).append(": ").append(s.text()).append('\n');
      }
      long t0 = System.nanoTime();
      BpeTrainer.train(text.toString(), o.vocab(), o.out());
      log("tokenizer: %d entries learned in %.1f s", o.vocab(), (System.nanoTime() - t0) / 1e9);
    }
    try (TextTokenizer tokenizer = TextTokenizer.load(o.out());
        Model djl = Model.newInstance("mixtral", Device.cpu(), "PyTorch")) {
      RolePlayCorpus corpus = new RolePlayCorpus(speeches, tokenizer);
      NDManager manager = djl.getNDManager();
      ModelConfig config =
          resuming
              ? ModelConfig.read(o.out().resolve("config.json"))
              : ModelConfig.of(
                  o.vocab(),
                  o.hidden(),
                  o.intermediate(),
                  o.layers(),
                  o.heads(),
                  o.kvHeads(),
                  o.experts(),
                  o.topK(),
                  o.sharedExpert(),
                  2048,
                  0,
                  ChatTemplate.SPECIAL_TOKENS.indexOf(ChatTemplate.END));
      MixtralModel model = new MixtralModel(config);
      djl.setBlock(model);
      int startStep = 0;
      List<String> curve = new ArrayList<>();
      Map<String, Safetensors.Tensor> optimizerState = Map.of();
      if (resuming) {
        model.load(manager, Safetensors.read(o.out().resolve("model.safetensors")));
        JsonNode state = JSON.readTree(Files.readString(o.out().resolve("training_state.json")));
        startStep = state.get("step").asInt();
        optimizerState = Safetensors.read(optimizerFile(o));
        List<String> lines = Files.readAllLines(o.out().resolve("loss_curve.csv"));
        for (String line : lines.subList(1, lines.size())) {
          if (Integer.parseInt(line.substring(0, line.indexOf(','))) <= startStep) {
            curve.add(line);
          }
        }
        log("resuming at step %d", startStep);
      } else {
        model.initializeRandom(manager, o.seed());
      }
      model.prepare(manager);
      Map<String, String> idToName = new HashMap<>();
      for (var e : model.parameterMap().entrySet()) {
        idToName.put(e.getValue().getId(), e.getKey());
        e.getValue().getArray().setRequiresGradient(true);
      }
      CheckpointedAdamW optimizer = new CheckpointedAdamW(idToName, 0.1f);
      optimizer.restoreState(optimizerState);
      log(
          "model: %d layers, %d experts (top-%d), hidden %d; %.2f M parameters, %.2f M active per token",
          config.numHiddenLayers(),
          config.numLocalExperts(),
          config.numExpertsPerTok(),
          config.hiddenSize(),
          parameterCount(model) / 1e6,
          config.activeParameters() / 1e6);

      List<RolePlayCorpus.Sample> validation = new ArrayList<>();
      Random valRandom = new Random(o.seed() + 1);
      for (int i = 0; i < 64; i++) {
        validation.add(
            corpus.randomSample(
                valRandom, split, speeches.size(), o.maxContextSpeeches(), o.seqLen()));
      }
      double unigram =
          unigramLoss(
              corpus, split, o.maxContextSpeeches(), o.seqLen(), validation, config.vocabSize());
      log("unigram baseline validation loss: %.4f nats/token", unigram);

      DefaultTrainingConfig trainingConfig =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
              .optOptimizer(optimizer)
              .optDevices(new Device[] {Device.cpu()});
      long started = System.nanoTime();
      double lastVal = Double.NaN;
      try (Trainer trainer = djl.newTrainer(trainingConfig)) {
        for (int step = startStep + 1; step <= o.steps(); step++) {
          Random random = new Random(o.seed() * 1_000_003L + step);
          List<RolePlayCorpus.Sample> batch = new ArrayList<>();
          for (int i = 0; i < o.batch(); i++) {
            batch.add(corpus.randomSample(random, 0, split, o.maxContextSpeeches(), o.seqLen()));
          }
          float lm;
          float aux;
          try (NDManager stepManager = manager.newSubManager()) {
            try (GradientCollector collector = trainer.newGradientCollector()) {
              NDList losses = batchLoss(trainer::forward, batch, stepManager);
              NDArray loss = losses.get(0).add(losses.get(1).mul((float) config.auxLossCoef()));
              collector.backward(loss);
              lm = losses.get(0).getFloat();
              aux = losses.get(1).getFloat();
            }
            float clipScale = clipScale(model, 1.0f);
            float lr = learningRate(o, step);
            optimizer.beginStep(step, lr, clipScale);
            trainer.step();
            zeroGradients(model);
            double elapsed = (System.nanoTime() - started) / 1e9;
            String val = "";
            // the schedule is fixed by --steps; a time budget only cuts the run short (after a
            // final validation and checkpoint), so the same seed still gives the same weights
            boolean overBudget = o.timeBudgetMinutes() > 0 && elapsed > o.timeBudgetMinutes() * 60;
            boolean last = step == o.steps() || overBudget || step == o.stopAfter();
            if (step % o.evalEvery() == 0 || last) {
              lastVal = validationLoss(model, validation, manager);
              val = String.format(Locale.ROOT, "%.4f", lastVal);
            }
            curve.add(
                String.format(
                    Locale.ROOT, "%d,%.4f,%s,%.4f,%.6f,%.1f", step, lm, val, aux, lr, elapsed));
            if (step % 10 == 0 || !val.isEmpty()) {
              log(
                  "step %d/%d  loss %.4f  aux %.4f  lr %.5f  val %s  %.2f s/step",
                  step,
                  o.steps(),
                  lm,
                  aux,
                  lr,
                  val.isEmpty() ? "-" : val,
                  elapsed / (step - startStep));
            }
            if (!val.isEmpty()) {
              save(o, model, optimizer, step, curve, lastVal, unigram, commandLine);
              if (step % (2 * o.evalEvery()) == 0 || last) {
                log("sample: %s", demo(model, tokenizer, corpus, split));
              }
            }
            if (last) {
              if (overBudget) {
                log("time budget reached at step %d", step);
              }
              break;
            }
          }
        }
      }
      LossCurvePlot.write(
          o.out().resolve("loss_curve.csv"), o.out().resolve("loss_curve.png"), unigram);
      log("done: validation loss %.4f vs unigram %.4f", lastVal, unigram);
    }
  }

  /**
   * The AdamW moments are twice the model's size, so they live beside the checkpoint folder (in
   * {@code <out>-state/}) rather than in the folder that ships.
   */
  private static Path optimizerFile(Options o) {
    Path out = o.out().toAbsolutePath().normalize();
    return out.resolveSibling(out.getFileName() + "-state").resolve("optimizer.safetensors");
  }

  static long parameterCount(MixtralModel model) {
    long n = 0;
    for (Parameter p : model.parameterMap().values()) {
      n += p.getArray().size();
    }
    return n;
  }

  private static float learningRate(Options o, int step) {
    int warmup = Math.max(1, Math.min(50, o.steps() / 10));
    if (step <= warmup) {
      return o.learningRate() * step / warmup;
    }
    double progress = (double) (step - warmup) / Math.max(1, o.steps() - warmup);
    return (float) (o.learningRate() * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress))));
  }

  /**
   * Mean cross-entropy over the loss positions of a padded batch, and the load-balancing loss; the
   * forward function is the trainer's (gradients) or the block's own (evaluation).
   */
  static NDList batchLoss(
      java.util.function.Function<NDList, NDList> forward,
      List<RolePlayCorpus.Sample> batch,
      NDManager m) {
    int b = batch.size();
    int width = 0;
    for (RolePlayCorpus.Sample s : batch) {
      width = Math.max(width, s.tokens().length - 1);
    }
    long[] input = new long[b * width];
    long[] labels = new long[b * width];
    long[] positions = new long[b * width];
    float[] mask = new float[b * width];
    long[] lengths = new long[b];
    for (int r = 0; r < b; r++) {
      long[] t = batch.get(r).tokens();
      lengths[r] = t.length - 1;
      for (int j = 0; j < width; j++) {
        positions[r * width + j] = j;
        if (j < t.length - 1) {
          input[r * width + j] = t[j];
          labels[r * width + j] = t[j + 1];
          mask[r * width + j] = j + 1 >= batch.get(r).lossFrom() ? 1f : 0f;
        }
      }
    }
    NDList out =
        forward.apply(
            new NDList(
                m.create(input, new Shape(b, width)),
                m.create(positions, new Shape(b, width)),
                m.create(lengths)));
    NDArray logp = out.get(0).logSoftmax(-1);
    NDArray picked = logp.gather(m.create(labels, new Shape(b, width, 1)), -1).reshape(b, width);
    NDArray weightsMask = m.create(mask, new Shape(b, width));
    return new NDList(picked.mul(weightsMask).sum().neg().div(weightsMask.sum()), out.get(1));
  }

  private static double validationLoss(
      MixtralModel model, List<RolePlayCorpus.Sample> validation, NDManager manager) {
    double total = 0;
    double count = 0;
    ParameterStore store = new ParameterStore(manager, false);
    try (NDManager m = manager.newSubManager()) {
      for (int i = 0; i < validation.size(); i += 16) {
        List<RolePlayCorpus.Sample> chunk =
            validation.subList(i, Math.min(validation.size(), i + 16));
        double tokens = 0;
        for (RolePlayCorpus.Sample s : chunk) {
          tokens += s.tokens().length - Math.max(1, s.lossFrom());
        }
        try (NDManager chunkManager = m.newSubManager()) {
          NDArray loss =
              batchLoss(in -> model.forward(store, in, false), chunk, chunkManager).get(0);
          total += loss.getFloat() * tokens;
        }
        count += tokens;
      }
    }
    return total / count;
  }

  /** Cross-entropy of the training set's token frequencies (add-one) on the validation targets. */
  private static double unigramLoss(
      RolePlayCorpus corpus,
      int split,
      int maxContext,
      int seqLen,
      List<RolePlayCorpus.Sample> validation,
      int vocab) {
    double[] counts = new double[vocab];
    java.util.Arrays.fill(counts, 1.0);
    double total = vocab;
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      RolePlayCorpus.Sample s = corpus.randomSample(random, 0, split, maxContext, seqLen);
      for (int j = Math.max(1, s.lossFrom()); j < s.tokens().length; j++) {
        counts[(int) s.tokens()[j]]++;
        total++;
      }
    }
    double loss = 0;
    long n = 0;
    for (RolePlayCorpus.Sample s : validation) {
      for (int j = Math.max(1, s.lossFrom()); j < s.tokens().length; j++) {
        loss -= Math.log(counts[(int) s.tokens()[j]] / total);
        n++;
      }
    }
    return loss / n;
  }

  private static float clipScale(MixtralModel model, float maxNorm) {
    double sumSquares = 0;
    for (Parameter p : model.parameterMap().values()) {
      try (NDArray g = p.getArray().getGradient();
          NDArray sq = g.square();
          NDArray s = sq.sum()) {
        sumSquares += s.getFloat();
      }
    }
    double norm = Math.sqrt(sumSquares);
    return norm > maxNorm ? (float) (maxNorm / norm) : 1f;
  }

  private static void zeroGradients(MixtralModel model) {
    for (Parameter p : model.parameterMap().values()) {
      try (NDArray g = p.getArray().getGradient()) {
        g.muli(0f);
      }
    }
  }

  private static void save(
      Options o,
      MixtralModel model,
      CheckpointedAdamW optimizer,
      int step,
      List<String> curve,
      double val,
      double unigram,
      String commandLine)
      throws IOException {
    Checkpoint.save(o.out(), model);
    Files.createDirectories(optimizerFile(o).getParent());
    Safetensors.write(optimizerFile(o), optimizer.exportState(), false);
    ObjectNode state = JSON.createObjectNode();
    state.put("step", step);
    state.put("seed", o.seed());
    state.put("validation_loss", val);
    state.put("unigram_validation_loss", unigram);
    state.put("command", "train " + commandLine);
    Files.writeString(
        o.out().resolve("training_state.json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state));
    StringBuilder csv = new StringBuilder("step,train_loss,val_loss,aux_loss,lr,elapsed_s\n");
    curve.forEach(line -> csv.append(line).append('\n'));
    Files.writeString(o.out().resolve("loss_curve.csv"), csv);
  }

  /** A short sampled reply from a held-out scene, to watch the voice form while training. */
  private static String demo(
      MixtralModel model, TextTokenizer tokenizer, RolePlayCorpus corpus, int split) {
    int index = Math.min(split + 10, corpus.size() - 1);
    RolePlayCorpus.Speech target = corpus.speeches().get(index);
    RolePlayCorpus.Speech before = corpus.speeches().get(index - 1);
    String prompt =
        ChatTemplate.render(
            List.of(
                new ChatTemplate.Message(
                    "system",
                    RolePlayCorpus.persona(
                        target.speaker(), new LinkedHashSet<>(List.of(before.speaker()))),
                    null),
                new ChatTemplate.Message("user", before.text(), before.speaker())),
            true);
    return target.speaker()
        + " -> "
        + GreedyDecoder.complete(model, tokenizer, prompt, 48).replace('\n', '/');
  }

  private static void log(String format, Object... args) {
    System.out.printf(
        Locale.ROOT, "%tT " + format + "%n", prepend(System.currentTimeMillis(), args));
    System.out.flush();
  }

  private static Object[] prepend(Object first, Object[] rest) {
    Object[] out = new Object[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }
}
