package com.companion.inference.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.companion.inference.engine.Completion;
import com.companion.inference.engine.EngineSettings;
import com.companion.inference.engine.GenerationRequest;
import com.companion.inference.engine.InferenceEngine;
import com.companion.inference.engine.SamplingParams;
import com.companion.inference.engine.TokenEvent;
import com.companion.inference.engine.TokenStream;
import com.companion.inference.model.CausalAttention;
import com.companion.inference.model.FrozenWeights;
import com.companion.inference.model.MixtralModel;
import com.companion.inference.model.ModelConfig;
import com.companion.inference.model.RoutingObserver;
import com.companion.inference.model.TensorNames;
import com.companion.inference.model.TextTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench}: measures the engine on a checkpoint (the shipped one by default) and prints one
 * table, also written as CSV: decode throughput with continuous batching on and off, per-token cost
 * at short and long context with and without the KV cache, time to first token with a prefix-cache
 * hit and miss, achieved FLOP/s against this machine's matrix-product rate, and the cost of the
 * sparse MoE against a dense feed-forward of the same active size.
 */
public final class BenchCommand {

  private static final int PROMPT_TOKENS = 32;
  private static final int ROUNDS = 5;

  private final Path modelDir;
  private final int decodeTokens;
  private final List<String[]> rows = new ArrayList<>();

  private BenchCommand(Path modelDir, int decodeTokens) {
    this.modelDir = modelDir;
    this.decodeTokens = decodeTokens;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    boolean inRepo = Files.isDirectory(Path.of("inference-node"));
    Path model = Path.of(a.getOrDefault("model", inRepo ? "inference-node/model" : "model"));
    Path csv =
        Path.of(
            a.getOrDefault("csv", inRepo ? "inference-node/bench/latest.csv" : "bench/latest.csv"));
    int tokens = Integer.parseInt(a.getOrDefault("tokens", "48"));
    new BenchCommand(model, tokens).run(csv);
  }

  private void run(Path csv) throws Exception {
    System.out.println("machine: " + machine());
    System.out.println("checkpoint: " + modelDir.toAbsolutePath().normalize());
    EngineSettings on = new EngineSettings(256L << 20, 16, 64, 1024, 1 << 20, 256, true);
    EngineSettings off = on.withMaxRunningSequences(1);
    double single;
    double at64;
    try (InferenceEngine batching = InferenceEngine.open(modelDir, Device.cpu(), on);
        InferenceEngine serial = InferenceEngine.open(modelDir, Device.cpu(), off)) {
      batching.warmUp();
      serial.warmUp();
      // a. decode throughput
      double offRate = Double.NaN;
      single = Double.NaN;
      at64 = Double.NaN;
      for (int streams : new int[] {1, 4, 16, 64}) {
        // rounds alternate between the two engines so both meet the same background load;
        // without batching requests are served one after another, so the rate does not depend
        // on how many wait: eight queued requests measure it
        Run r = null;
        Run s = null;
        for (int round = 0; round < ROUNDS; round++) {
          r = faster(r, streams(batching, streams, PROMPT_TOKENS, decodeTokens, 11 + round));
          s =
              faster(
                  s,
                  streams(serial, Math.min(streams, 8), PROMPT_TOKENS, decodeTokens, 11 + round));
        }
        if (streams == 1) {
          single = r.tokensPerSecond();
        }
        if (streams == 64) {
          at64 = r.tokensPerSecond();
        }
        offRate = s.tokensPerSecond();
        add(
            "a",
            "decode tok/s, " + streams + " streams",
            r.tokensPerSecond(),
            offRate,
            r.tokensPerSecond() / offRate,
            "on vs off (one at a time)");
      }
      add(
          "a",
          "64 streams vs 1 stream (batching on)",
          at64,
          single,
          at64 / single,
          "target >= 15x");

      // b. time per decoded token at context 64 vs 1024
      double c64 = perToken(batching, 64);
      double c1024 = perToken(batching, 1024);
      double r64 = recomputePerToken(batching.model(), 64);
      double r1024 = recomputePerToken(batching.model(), 1024);
      add(
          "b",
          "ms/token at context 64, KV cache",
          c64 * 1e3,
          r64 * 1e3,
          r64 / c64,
          "cache vs recompute");
      add(
          "b",
          "ms/token at context 1024, KV cache",
          c1024 * 1e3,
          r1024 * 1e3,
          r1024 / c1024,
          "cache vs recompute");
      add(
          "b",
          "ctx 1024 / ctx 64: cache, no cache",
          c1024 / c64,
          r1024 / r64,
          Double.NaN,
          "cache target <= 1.5");

      // c. time to first token, 1000-token persona, prefix-cache hit vs miss
      double[] ttft = ttftHitMiss(batching, 1000, 3);
      add(
          "c",
          "TTFT ms, 1000-token persona",
          ttft[0] * 1e3,
          ttft[1] * 1e3,
          ttft[0] / ttft[1],
          "hit vs miss, target <= 0.2");

      // d. achieved model FLOP/s at 64 streams vs this machine's matrix products
      ModelConfig c = batching.model().config();
      double context = PROMPT_TOKENS + decodeTokens / 2.0;
      double flopsPerToken =
          2.0 * c.activeParameters()
              + 4.0 * c.numHiddenLayers() * c.numAttentionHeads() * c.headDim() * context;
      double achieved = at64 * flopsPerToken;
      double peakLarge = matmulFlops(1024, 1024, 1024);
      double peakSmall = matmulFlops(64, 256, 512);
      add(
          "d",
          "model GFLOP/s at 64 streams",
          achieved / 1e9,
          peakLarge / 1e9,
          achieved / peakLarge,
          "vs 1024^3 fp32 matmul, target >= 30%");
      add(
          "d",
          "fp32 matmul GFLOP/s 64x256x512",
          peakSmall / 1e9,
          peakLarge / 1e9,
          peakSmall / peakLarge,
          "small vs large product");
      // the shipped model is small enough that per-op overhead, not arithmetic, bounds a step;
      // the same engine on a wider random model shows how the share grows with width
      ModelConfig wide =
          ModelConfig.of(c.vocabSize(), 512, 1024, 4, 8, 2, 8, 2, 0, 2048, 0, c.eosTokenId());
      double wideRate = 64 / stepSeconds(wide, 64);
      double wideFlops =
          wideRate
              * (2.0 * wide.activeParameters()
                  + 4.0
                      * wide.numHiddenLayers()
                      * wide.numAttentionHeads()
                      * wide.headDim()
                      * context);
      add(
          "d",
          "GFLOP/s at 64 streams, random 512-wide model",
          wideFlops / 1e9,
          peakLarge / 1e9,
          wideFlops / peakLarge,
          "same engine, hidden 512, 8 experts of 1024");
    }

    // e. sparse MoE vs a dense feed-forward of the same active size
    ModelConfig moe = ModelConfig.read(modelDir.resolve("config.json"));
    ModelConfig dense =
        ModelConfig.of(
            moe.vocabSize(),
            moe.hiddenSize(),
            moe.intermediateSize(),
            moe.numHiddenLayers(),
            moe.numAttentionHeads(),
            moe.numKeyValueHeads(),
            0,
            0,
            moe.intermediateSize() * moe.numExpertsPerTok() + moe.sharedExpertSize(),
            moe.maxPositionEmbeddings(),
            0,
            moe.eosTokenId());
    try (StepProbe moeProbe = new StepProbe(moe);
        StepProbe denseProbe = new StepProbe(dense)) {
      for (int streams : new int[] {1, 64}) {
        double moeStep = Double.MAX_VALUE;
        double denseStep = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
          moeStep = Math.min(moeStep, moeProbe.stepSeconds(streams, round));
          denseStep = Math.min(denseStep, denseProbe.stepSeconds(streams, round));
        }
        add(
            "e",
            "ms/decode step, "
                + streams
                + " streams, top-"
                + moe.numExpertsPerTok()
                + " of "
                + moe.numLocalExperts(),
            moeStep * 1e3,
            denseStep * 1e3,
            moeStep / denseStep,
            "MoE vs dense same active size, target <= 1.5");
      }
    }
    print(csv);
  }

  private record Run(long tokens, double seconds, long steps) {
    double tokensPerSecond() {
      return tokens / seconds;
    }
  }

  private static long[] randomPrompt(int length, long seed, int vocab) {
    Random random = new Random(seed);
    long[] p = new long[length];
    for (int i = 0; i < length; i++) {
      p[i] = 5 + random.nextInt(vocab - 5);
    }
    return p;
  }

  /**
   * Keeps the faster run: on a shared machine other work only ever slows a run down, so the fastest
   * of several is the closest to what the engine does.
   */
  private static Run faster(Run best, Run candidate) {
    return best == null || candidate.tokensPerSecond() > best.tokensPerSecond() ? candidate : best;
  }

  /**
   * Runs {@code n} concurrent generations of {@code maxTokens} each. The rate counts the decode
   * phase only: tokens produced after every stream has its first token, over that interval, so
   * prompt prefill does not dilute a decode figure.
   */
  private Run streams(InferenceEngine engine, int n, int promptLength, int maxTokens, long seed)
      throws Exception {
    int vocab = engine.model().config().vocabSize();
    List<CompletableFuture<Completion>> done = new ArrayList<>();
    List<List<Long>> times = new ArrayList<>();
    long steps = engine.steps();
    for (int i = 0; i < n; i++) {
      CompletableFuture<Completion> f = new CompletableFuture<>();
      List<Long> t = new ArrayList<>();
      engine.submit(
          new GenerationRequest(
              randomPrompt(promptLength, seed * 1000 + i, vocab),
              SamplingParams.greedy(maxTokens).ignoringEos()),
          listener(f, t));
      done.add(f);
      times.add(t);
    }
    for (CompletableFuture<Completion> f : done) {
      f.get(30, TimeUnit.MINUTES);
    }
    long decodeStart = 0;
    long end = 0;
    for (List<Long> t : times) {
      decodeStart = Math.max(decodeStart, t.get(0));
      end = Math.max(end, t.get(t.size() - 1));
    }
    long tokens = 0;
    for (List<Long> t : times) {
      for (long time : t) {
        if (time > decodeStart) {
          tokens++;
        }
      }
    }
    return new Run(tokens, (end - decodeStart) / 1e9, engine.steps() - steps);
  }

  private static TokenStream.Listener listener(
      CompletableFuture<Completion> done, List<Long> tokenTimes) {
    return new TokenStream.Listener() {
      @Override
      public void onToken(TokenEvent token) {
        if (tokenTimes != null) {
          tokenTimes.add(System.nanoTime());
        }
      }

      @Override
      public void onComplete(Completion completion) {
        done.complete(completion);
      }
    };
  }

  /** Seconds per decoded token after a prompt of {@code context} tokens, one stream, cached. */
  private double perToken(InferenceEngine engine, int context) throws Exception {
    double best = Double.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      best = Math.min(best, perTokenOnce(engine, context, context * 10L + round));
    }
    return best;
  }

  private double perTokenOnce(InferenceEngine engine, int context, long seed) throws Exception {
    List<Long> times = new ArrayList<>();
    CompletableFuture<Completion> f = new CompletableFuture<>();
    engine.submit(
        new GenerationRequest(
            randomPrompt(context, seed, engine.model().config().vocabSize()),
            SamplingParams.greedy(33).ignoringEos()),
        listener(f, times));
    f.get(30, TimeUnit.MINUTES);
    return (times.get(times.size() - 1) - times.get(0)) / 1e9 / (times.size() - 1);
  }

  /** Seconds for one token without a cache: the whole sequence goes through the model again. */
  private static double recomputePerToken(MixtralModel model, int context) {
    long[] ids = randomPrompt(context, 5, model.config().vocabSize());
    long[] positions = new long[context];
    for (int i = 0; i < context; i++) {
      positions[i] = i;
    }
    NDManager parent = model.parameter(TensorNames.FINAL_NORM).getArray().getManager();
    try (NDManager m = parent.newSubManager();
        FrozenWeights w = new FrozenWeights(model).materialize()) {
      double best = Double.MAX_VALUE;
      for (int rep = 0; rep < 4; rep++) {
        try (NDManager step = m.newSubManager()) {
          long start = System.nanoTime();
          NDArray h =
              model.hidden(
                  w,
                  step.create(ids, new Shape(1, context)),
                  step.create(positions, new Shape(1, context)),
                  new CausalAttention(new int[] {context}, context),
                  null,
                  RoutingObserver.NONE,
                  null,
                  step);
          model.logits(w, h.get("0, -1")).toFloatArray();
          best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
      }
      return best;
    }
  }

  /** Best-of-three time to first token: {miss, hit} for a shared persona of {@code length}. */
  private double[] ttftHitMiss(InferenceEngine engine, int length, int trials) throws Exception {
    int vocab = engine.model().config().vocabSize();
    double miss = Double.MAX_VALUE;
    double hit = Double.MAX_VALUE;
    for (int t = 0; t < trials; t++) {
      long[] persona = randomPrompt(length, 900 + t, vocab);
      miss = Math.min(miss, ttft(engine, withTurn(persona, 1000 + t, vocab)));
      hit = Math.min(hit, ttft(engine, withTurn(persona, 2000 + t, vocab)));
    }
    return new double[] {hit, miss};
  }

  private static long[] withTurn(long[] persona, long seed, int vocab) {
    long[] turn = randomPrompt(12, seed, vocab);
    long[] p = Arrays.copyOf(persona, persona.length + turn.length);
    System.arraycopy(turn, 0, p, persona.length, turn.length);
    return p;
  }

  private static double ttft(InferenceEngine engine, long[] prompt) throws Exception {
    List<Long> times = new ArrayList<>();
    CompletableFuture<Completion> f = new CompletableFuture<>();
    long start = System.nanoTime();
    engine.submit(
        new GenerationRequest(prompt, SamplingParams.greedy(1).ignoringEos()), listener(f, times));
    f.get(30, TimeUnit.MINUTES);
    return (times.get(0) - start) / 1e9;
  }

  private static double matmulFlops(int m, int k, int n) {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray a = manager.randomNormal(new Shape(m, k));
      NDArray b = manager.randomNormal(new Shape(k, n));
      int reps = (int) Math.max(5, Math.min(2000, 1e10 / (2.0 * m * k * n)));
      a.matMul(b).close();
      // best of five rounds: the machine is shared, and the figure is meant as its capability
      double best = 0;
      for (int round = 0; round < 5; round++) {
        long start = System.nanoTime();
        for (int i = 0; i < reps; i++) {
          a.matMul(b).close();
        }
        best = Math.max(best, 2.0 * m * k * n * reps / ((System.nanoTime() - start) / 1e9));
      }
      return best;
    }
  }

  /** An engine over a random-weight model of a given shape, for per-step timings. */
  private final class StepProbe implements AutoCloseable {
    private final NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    private final InferenceEngine engine;

    StepProbe(ModelConfig config) throws IOException {
      MixtralModel model = new MixtralModel(config);
      model.initializeRandom(manager, 99);
      model.prepare(manager);
      engine =
          new InferenceEngine(
              manager.newSubManager(),
              model,
              TextTokenizer.load(modelDir),
              new EngineSettings(128L << 20, 16, 64, 1024, 1 << 20, 256, true),
              "bench");
      engine.warmUp();
    }

    /** Seconds per iteration while {@code streams} sequences decode together. */
    double stepSeconds(int streams, int round) throws Exception {
      Run r = streams(engine, streams, PROMPT_TOKENS, decodeTokens, 5 + round);
      // in the decode phase every step gives each stream one token
      return r.seconds() / ((double) r.tokens() / streams);
    }

    @Override
    public void close() {
      engine.close();
      manager.close();
    }
  }

  private double stepSeconds(ModelConfig config, int streams) throws Exception {
    try (StepProbe probe = new StepProbe(config)) {
      double best = Double.MAX_VALUE;
      for (int round = 0; round < ROUNDS; round++) {
        best = Math.min(best, probe.stepSeconds(streams, round));
      }
      return best;
    }
  }

  private void add(
      String item, String what, double value, double reference, double ratio, String note) {
    rows.add(
        new String[] {
          item,
          what,
          String.format(Locale.ROOT, "%.2f", value),
          String.format(Locale.ROOT, "%.2f", reference),
          Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.3f", ratio),
          note
        });
  }

  private void print(Path csv) throws IOException {
    String[] header = {"item", "measure", "value", "reference", "ratio", "note"};
    StringBuilder table = new StringBuilder();
    table.append("| ").append(String.join(" | ", header)).append(" |\n");
    table.append("|---|---|---:|---:|---:|---|\n");
    StringBuilder out = new StringBuilder(String.join(",", header)).append('\n');
    for (String[] r : rows) {
      table.append("| ").append(String.join(" | ", r)).append(" |\n");
      out.append(
              String.join(
                  ",", Arrays.stream(r).map(s -> s.contains(",") ? "\"" + s + "\"" : s).toList()))
          .append('\n');
    }
    System.out.println();
    System.out.print(table);
    if (csv.getParent() != null) {
      Files.createDirectories(csv.getParent());
    }
    Files.writeString(csv, out);
    System.out.println("\nwritten to " + csv);
  }

  private static String machine() {
    String cpu = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).strip();
          break;
        }
      }
    } catch (IOException e) {
      // not Linux: keep the placeholder
    }
    String load = "";
    try {
      load = ", load average " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      // not Linux
    }
    return String.format(
        Locale.ROOT,
        "%s, %d cores, PyTorch threads %s, Java %s%s",
        cpu,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("ai.djl.pytorch.num_threads", "default"),
        System.getProperty("java.version"),
        load);
  }
}
