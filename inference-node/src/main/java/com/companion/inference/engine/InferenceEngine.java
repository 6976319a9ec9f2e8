package com.companion.inference.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.companion.inference.engine.internal.ContinuousBatchScheduler;
import com.companion.inference.model.ChatTemplate;
import com.companion.inference.model.Checkpoint;
import com.companion.inference.model.FrozenWeights;
import com.companion.inference.model.MixtralModel;
import com.companion.inference.model.TextTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The serving engine: a checkpoint, its tokenizer and a continuous-batching scheduler. Requests go
 * in as token ids (see {@link #encodeChat}) and come out as a {@link TokenStream}.
 */
public final class InferenceEngine implements AutoCloseable {

  private final NDManager manager;
  private final MixtralModel model;
  private final TextTokenizer tokenizer;
  private final ContinuousBatchScheduler scheduler;
  private final EngineMetrics metrics;
  private final String modelName;
  private volatile boolean ready;

  public InferenceEngine(
      NDManager manager,
      MixtralModel model,
      TextTokenizer tokenizer,
      EngineSettings settings,
      String modelName) {
    this.manager = manager;
    this.model = model;
    this.tokenizer = tokenizer;
    this.modelName = modelName;
    this.metrics =
        new EngineMetrics(
            modelName, model.config().numHiddenLayers(), model.config().numLocalExperts());
    FrozenWeights weights = new FrozenWeights(model).materialize();
    List<Long> stops =
        Checkpoint.stopTokenIds(model.config()).stream().map(Integer::longValue).toList();
    this.scheduler =
        new ContinuousBatchScheduler(
            model, weights, manager, tokenizer::decodeText, stops, settings, metrics);
  }

  /** Loads a checkpoint folder onto {@code device}. */
  public static InferenceEngine open(Path dir, Device device, EngineSettings settings)
      throws IOException {
    NDManager manager = NDManager.newBaseManager(device, "PyTorch");
    try {
      MixtralModel model = Checkpoint.load(dir, manager);
      TextTokenizer tokenizer = TextTokenizer.load(dir);
      String name = dir.toAbsolutePath().normalize().getFileName().toString();
      return new InferenceEngine(manager, model, tokenizer, settings, name);
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  public MixtralModel model() {
    return model;
  }

  public String modelName() {
    return modelName;
  }

  public EngineMetrics metrics() {
    return metrics;
  }

  /** The chat template's ids: role markers only where the template puts them. */
  public long[] encodeChat(List<ChatTemplate.Message> messages) {
    return ChatTemplate.encode(messages, true, tokenizer);
  }

  public long[] encodePrompt(String prompt) {
    return tokenizer.encode(prompt);
  }

  public String decode(long[] tokens) {
    return tokenizer.decodeText(tokens);
  }

  /**
   * Queues a generation.
   *
   * @throws EngineOverloadedException when the queue is full or the node drains
   * @throws IllegalArgumentException when the prompt does not fit the context or the KV budget
   */
  public TokenStream submit(GenerationRequest request, TokenStream.Listener listener) {
    return scheduler.submit(request.promptTokens(), request.sampling(), listener);
  }

  /** A blocking convenience: the whole text and its completion. */
  public Result generate(GenerationRequest request) {
    StringBuilder text = new StringBuilder();
    List<Long> ids = new java.util.ArrayList<>();
    CompletableFuture<Completion> done = new CompletableFuture<>();
    submit(
        request,
        new TokenStream.Listener() {
          @Override
          public void onToken(TokenEvent token) {
            text.append(token.text());
            ids.add(token.tokenId());
          }

          @Override
          public void onComplete(Completion completion) {
            done.complete(completion);
          }
        });
    try {
      Completion c = done.get(10, TimeUnit.MINUTES);
      return new Result(text.toString(), ids.stream().mapToLong(Long::longValue).toArray(), c);
    } catch (Exception e) {
      throw new IllegalStateException("generation did not finish", e);
    }
  }

  /** Text, token ids and completion of a finished generation. */
  public record Result(String text, long[] tokens, Completion completion) {}

  /** Runs one short generation so the first real request does not pay for lazy set-up. */
  public void warmUp() {
    generate(
        new GenerationRequest(encodePrompt(ChatTemplate.SYSTEM + "Hi"), SamplingParams.greedy(4)));
    ready = true;
  }

  public boolean ready() {
    return ready;
  }

  /** Forward iterations run so far (decode and prefill steps). */
  public long steps() {
    return scheduler.steps();
  }

  public int runningRequests() {
    return scheduler.runningRequests();
  }

  public int waitingRequests() {
    return scheduler.waitingRequests();
  }

  public double kvCacheUsage() {
    return scheduler.kvCacheUsage();
  }

  /** Stop admitting, finish in-flight requests up to {@code timeout}, cancel what remains. */
  public boolean drain(Duration timeout) throws InterruptedException {
    ready = false;
    return scheduler.drain(timeout);
  }

  @Override
  public void close() {
    ready = false;
    scheduler.close();
    tokenizer.close();
    manager.close();
  }
}
