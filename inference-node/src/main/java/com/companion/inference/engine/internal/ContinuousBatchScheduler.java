package com.companion.inference.engine.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import com.companion.inference.engine.Completion;
import com.companion.inference.engine.EngineMetrics;
import com.companion.inference.engine.EngineOverloadedException;
import com.companion.inference.engine.EngineSettings;
import com.companion.inference.engine.FinishReason;
import com.companion.inference.engine.SamplingParams;
import com.companion.inference.engine.TokenEvent;
import com.companion.inference.engine.TokenStream;
import com.companion.inference.model.MixtralModel;
import com.companion.inference.model.Weights;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Iteration-level batching on one engine thread. Each iteration admits waiting requests while the
 * KV pool can hold them (FIFO, reusing cached prefix blocks), runs one decode step for every
 * sequence that has its prompt in the cache (a new sequence joins at the next step, a finished one
 * leaves at once), then one chunk of prompt prefill, so a long prompt delays running decodes by one
 * bounded chunk instead of its whole length.
 */
public final class ContinuousBatchScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ContinuousBatchScheduler.class);

  private final MixtralModel model;
  private final Weights weights;
  private final NDManager manager;
  private final Function<long[], String> detokenizer;
  private final List<Long> stopTokens;
  private final EngineSettings settings;
  private final EngineMetrics metrics;
  private final PrefixCache prefixCache = new PrefixCache();
  private final KvBlockPool pool;
  private final ConcurrentLinkedQueue<Sequence> incoming = new ConcurrentLinkedQueue<>();
  private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
  private final List<Sequence> running = new ArrayList<>();
  private final Object signal = new Object();
  private final Thread thread;
  private int waitingCount;
  private long waitingTokens;
  private volatile int runningGauge;
  private volatile boolean draining;
  private volatile boolean stopping;
  private volatile long steps;

  public ContinuousBatchScheduler(
      MixtralModel model,
      Weights weights,
      NDManager manager,
      Function<long[], String> detokenizer,
      List<Long> stopTokens,
      EngineSettings settings,
      EngineMetrics metrics) {
    this.model = model;
    this.weights = weights;
    this.manager = manager;
    this.detokenizer = detokenizer;
    this.stopTokens = stopTokens;
    this.settings = settings;
    this.metrics = metrics;
    this.pool =
        new KvBlockPool(
            manager, model.config(), settings.kvCacheBytes(), settings.blockSize(), prefixCache);
    metrics.bindGauges(
        () -> runningGauge, this::waitingRequests, () -> (double) pool.used() / pool.capacity());
    this.thread = new Thread(this::loop, "inference-engine");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  public synchronized TokenStream submit(
      long[] prompt, SamplingParams sampling, TokenStream.Listener listener) {
    if (draining || stopping) {
      throw new EngineOverloadedException("the node is shutting down", Duration.ofSeconds(1));
    }
    int maxPositions = model.config().maxPositionEmbeddings();
    int maxTokens = Math.min(sampling.maxTokens(), maxPositions - prompt.length);
    if (maxTokens < 1) {
      throw new IllegalArgumentException(
          "a prompt of "
              + prompt.length
              + " tokens leaves no room in the "
              + maxPositions
              + "-token context window");
    }
    if (blocksFor(prompt.length + maxTokens) > pool.capacity()) {
      throw new IllegalArgumentException("prompt and max_tokens exceed the node's KV budget");
    }
    if (waitingCount >= settings.maxWaitingRequests()
        || waitingTokens + prompt.length > settings.maxWaitingTokens()) {
      throw new EngineOverloadedException(
          "the request queue is full (" + waitingCount + " waiting)", Duration.ofSeconds(2));
    }
    Sequence seq =
        new Sequence(
            prompt, sampling, listener, maxTokens, model.config().vocabSize(), System.nanoTime());
    waitingCount++;
    waitingTokens += prompt.length;
    incoming.add(seq);
    wake();
    return seq;
  }

  public synchronized int waitingRequests() {
    return waitingCount;
  }

  public int runningRequests() {
    return runningGauge;
  }

  public double kvCacheUsage() {
    return (double) pool.used() / pool.capacity();
  }

  public int kvCapacityBlocks() {
    return pool.capacity();
  }

  public long steps() {
    return steps;
  }

  /** Stops admitting; waits for in-flight work up to {@code timeout}, then cancels the rest. */
  public boolean drain(Duration timeout) throws InterruptedException {
    draining = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (runningGauge == 0 && waitingRequests() == 0 && incoming.isEmpty()) {
        return true;
      }
      Thread.sleep(20);
    }
    for (Sequence s : new ArrayList<>(incoming)) {
      s.cancel();
    }
    cancelAllOnLoop();
    return false;
  }

  private volatile boolean cancelAll;

  private void cancelAllOnLoop() throws InterruptedException {
    cancelAll = true;
    wake();
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (runningGauge > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private void wake() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  private void loop() {
    while (!stopping) {
      try {
        moveIncoming();
        reapCancelled();
        admit();
        boolean worked = false;
        List<Sequence> decoding = new ArrayList<>();
        List<Sequence> prefilling = new ArrayList<>();
        for (Sequence s : running) {
          (s.prefilling() ? prefilling : decoding).add(s);
        }
        if (!decoding.isEmpty()) {
          decodeStep(decoding);
          worked = true;
        }
        if (!prefilling.isEmpty()) {
          prefillStep(prefilling);
          worked = true;
        }
        runningGauge = running.size();
        if (worked) {
          steps++;
        } else {
          synchronized (signal) {
            if (incoming.isEmpty() && !stopping) {
              signal.wait(50);
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("engine step failed; failing the running requests", e);
        for (Sequence s : new ArrayList<>(running)) {
          complete(s, FinishReason.ERROR, e.getMessage());
        }
      }
    }
  }

  private void moveIncoming() {
    Sequence s;
    while ((s = incoming.poll()) != null) {
      waiting.add(s);
    }
  }

  private void reapCancelled() {
    boolean all = cancelAll;
    for (Sequence s : new ArrayList<>(running)) {
      if (s.cancelled || all) {
        complete(s, FinishReason.CANCELLED, null);
      }
    }
    for (var it = waiting.iterator(); it.hasNext(); ) {
      Sequence s = it.next();
      if (s.cancelled || all) {
        it.remove();
        dequeued(s);
        notifyComplete(s, new Completion(FinishReason.CANCELLED, s.prompt.length, 0, null));
      }
    }
    cancelAll = false;
  }

  private synchronized void dequeued(Sequence s) {
    waitingCount--;
    waitingTokens -= s.prompt.length;
  }

  private int blocksFor(int tokens) {
    return (tokens + settings.blockSize() - 1) / settings.blockSize();
  }

  /** FIFO admission: the head waits until the pool can hold its whole prompt and reply. */
  private void admit() {
    int bs = settings.blockSize();
    while (!waiting.isEmpty() && running.size() < settings.maxRunningSequences()) {
      Sequence s = waiting.peek();
      List<Integer> table = new ArrayList<>();
      long[] hashes =
          settings.prefixCaching() ? PrefixCache.chainHashes(s.prompt, bs) : new long[0];
      for (int i = 0; i < hashes.length; i++) {
        int block =
            prefixCache.lookup(hashes[i], Arrays.copyOfRange(s.prompt, i * bs, (i + 1) * bs));
        if (block < 0) {
          break;
        }
        pool.retain(block);
        table.add(block);
      }
      // the last prompt token is always computed: its logits give the first reply token
      if (table.size() * bs >= s.prompt.length) {
        pool.release(table.remove(table.size() - 1));
      }
      int matched = table.size();
      int need = blocksFor(s.prompt.length + s.maxTokens) - matched;
      if (pool.available() < need) {
        for (int b : table) {
          pool.release(b);
        }
        return;
      }
      for (int i = 0; i < need; i++) {
        table.add(pool.allocate());
      }
      waiting.poll();
      s.blockTable = table.stream().mapToInt(Integer::intValue).toArray();
      s.blockHashes = hashes;
      s.registeredBlocks = matched;
      s.computed = matched * bs;
      s.cachedPrefixTokens = matched * bs;
      s.admittedNanos = System.nanoTime();
      if (settings.prefixCaching()) {
        metrics.prefixCacheQueries.addAndGet(s.prompt.length);
        metrics.prefixCacheHits.addAndGet((long) matched * bs);
      }
      metrics.queueTime.observe((s.admittedNanos - s.arrivalNanos) / 1e9);
      running.add(s);
      // published before the waiting count drops for good, so a drain never sees neither
      runningGauge = running.size();
      dequeued(s);
    }
  }

  private void decodeStep(List<Sequence> rows) {
    int n = rows.size();
    int[] starts = new int[n];
    long[][] tokens = new long[n][];
    for (int r = 0; r < n; r++) {
      Sequence s = rows.get(r);
      starts[r] = s.computed;
      tokens[r] = new long[] {s.lastToken()};
    }
    float[][] logits = forward(rows, starts, tokens);
    long now = System.nanoTime();
    for (int r = 0; r < n; r++) {
      Sequence s = rows.get(r);
      s.computed += 1;
      sampled(s, logits[r], now);
    }
  }

  private void prefillStep(List<Sequence> candidates) {
    int budget = settings.prefillChunkTokens();
    List<Sequence> rows = new ArrayList<>();
    List<long[]> chunks = new ArrayList<>();
    for (Sequence s : candidates) {
      if (budget <= 0) {
        break;
      }
      int take = Math.min(budget, s.prompt.length - s.computed);
      rows.add(s);
      chunks.add(Arrays.copyOfRange(s.prompt, s.computed, s.computed + take));
      budget -= take;
    }
    int[] starts = new int[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      starts[r] = rows.get(r).computed;
    }
    float[][] logits = forward(rows, starts, chunks.toArray(new long[0][]));
    long now = System.nanoTime();
    for (int r = 0; r < rows.size(); r++) {
      Sequence s = rows.get(r);
      s.computed += chunks.get(r).length;
      metrics.promptTokens.addAndGet(chunks.get(r).length);
      registerPrefixBlocks(s);
      if (!s.prefilling()) {
        sampled(s, logits[r], now);
      }
    }
  }

  private void registerPrefixBlocks(Sequence s) {
    if (!settings.prefixCaching()) {
      return;
    }
    int bs = settings.blockSize();
    int full = Math.min(s.computed, s.prompt.length) / bs;
    for (int i = s.registeredBlocks; i < full && i < s.blockHashes.length; i++) {
      prefixCache.register(
          s.blockTable[i], s.blockHashes[i], Arrays.copyOfRange(s.prompt, i * bs, (i + 1) * bs));
    }
    s.registeredBlocks = Math.max(s.registeredBlocks, full);
  }

  /**
   * One padded forward pass over rows that each add {@code tokens[r]} at position {@code
   * starts[r]}; returns the logits at each row's last new token.
   */
  float[][] forward(List<Sequence> rows, int[] starts, long[][] tokens) {
    int n = rows.size();
    int width = 0;
    for (long[] t : tokens) {
      width = Math.max(width, t.length);
    }
    int[][] tables = new int[n][];
    int[] counts = new int[n];
    for (int r = 0; r < n; r++) {
      tables[r] = rows.get(r).blockTable;
      counts[r] = tokens[r].length;
    }
    return forwardTables(tables, starts, tokens, counts, width);
  }

  float[][] forwardTables(int[][] tables, int[] starts, long[][] tokens, int[] counts, int width) {
    int n = tables.length;
    int vocab = model.config().vocabSize();
    int hidden = model.config().hiddenSize();
    long[] ids = new long[n * width];
    long[] positions = new long[n * width];
    boolean[] valid = new boolean[n * width];
    long[] last = new long[n];
    int maxPos = model.config().maxPositionEmbeddings() - 1;
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < width; j++) {
        boolean real = j < counts[r];
        ids[r * width + j] = real ? tokens[r][j] : 0;
        positions[r * width + j] = Math.min(maxPos, starts[r] + (real ? j : 0));
        valid[r * width + j] = real;
      }
      last[r] = (long) r * width + counts[r] - 1;
    }
    try (NDManager m = manager.newSubManager()) {
      PagedAttention attention = new PagedAttention(pool, tables, starts, counts, width);
      NDArray h =
          model.hidden(
              weights,
              m.create(ids, new Shape(n, width)),
              m.create(positions, new Shape(n, width)),
              attention,
              valid,
              metrics::routed,
              null,
              m);
      NDArray lastHidden =
          h.reshape((long) n * width, hidden).get(new NDIndex("{}", m.create(last)));
      float[] flat = model.logits(weights, lastHidden).toFloatArray();
      float[][] out = new float[n][];
      for (int r = 0; r < n; r++) {
        out[r] = Arrays.copyOfRange(flat, r * vocab, (r + 1) * vocab);
      }
      return out;
    }
  }

  /** Exposed for tests: the pool the scheduler writes to. */
  KvBlockPool pool() {
    return pool;
  }

  private void sampled(Sequence s, float[] logits, long now) {
    Sampler.Choice choice = Sampler.choose(logits, s.sampling, s.generatedCounts, s.seen, s.random);
    s.append(choice.token());
    metrics.generationTokens.incrementAndGet();
    if (s.generatedLength == 1) {
      metrics.timeToFirstToken.observe((now - s.arrivalNanos) / 1e9);
    } else {
      metrics.interTokenLatency.observe((now - s.lastTokenNanos) / 1e9);
    }
    s.lastTokenNanos = now;
    boolean eos = !s.sampling.ignoreEos() && stopTokens.contains((long) choice.token());
    long[] textTokens =
        eos ? Arrays.copyOf(s.generated, s.generatedLength - 1) : s.generatedTokens();
    String full = detokenizer.apply(textTokens);
    int stopAt = findStop(full, s.sampling.stop());
    FinishReason finish = null;
    int releaseTo;
    if (stopAt >= 0) {
      finish = FinishReason.STOP;
      releaseTo = stopAt;
    } else if (eos) {
      finish = FinishReason.STOP;
      releaseTo = full.length();
    } else if (s.generatedLength >= s.maxTokens
        || s.length() >= model.config().maxPositionEmbeddings()) {
      finish = FinishReason.LENGTH;
      releaseTo = full.length();
    } else {
      releaseTo = full.length() - heldBack(full, s.sampling.stop());
    }
    String text = releaseTo > s.emittedChars ? full.substring(s.emittedChars, releaseTo) : "";
    s.emittedChars = Math.max(s.emittedChars, releaseTo);
    if (!eos || !text.isEmpty()) {
      notifyToken(s, new TokenEvent(text, choice.token(), choice.logprob()));
    }
    if (finish != null) {
      complete(s, finish, null);
    }
  }

  private static int findStop(String text, List<String> stops) {
    int best = -1;
    for (String stop : stops) {
      int i = stop.isEmpty() ? -1 : text.indexOf(stop);
      if (i >= 0 && (best < 0 || i < best)) {
        best = i;
      }
    }
    return best;
  }

  /**
   * Characters to hold back: a tail that could still become a stop sequence, or an incomplete UTF-8
   * character (decoded as U+FFFD until its last byte arrives).
   */
  private static int heldBack(String text, List<String> stops) {
    int hold = 0;
    for (String stop : stops) {
      for (int k = Math.min(stop.length() - 1, text.length()); k > hold; k--) {
        if (text.endsWith(stop.substring(0, k))) {
          hold = k;
          break;
        }
      }
    }
    if (text.endsWith("\uFFFD")) {
      hold = Math.max(hold, 1);
    }
    return hold;
  }

  private void complete(Sequence s, FinishReason reason, String error) {
    if (s.finished) {
      return;
    }
    s.finished = true;
    running.remove(s);
    for (int b : s.blockTable) {
      pool.release(b);
    }
    s.blockTable = new int[0];
    runningGauge = running.size();
    metrics.e2eLatency.observe((System.nanoTime() - s.arrivalNanos) / 1e9);
    notifyComplete(s, new Completion(reason, s.prompt.length, s.generatedLength, error));
  }

  private static void notifyToken(Sequence s, TokenEvent event) {
    try {
      s.listener.onToken(event);
    } catch (RuntimeException e) {
      log.warn("token listener failed; cancelling its request", e);
      s.cancel();
    }
  }

  private static void notifyComplete(Sequence s, Completion completion) {
    try {
      s.listener.onComplete(completion);
    } catch (RuntimeException e) {
      log.warn("completion listener failed", e);
    }
  }

  @Override
  public void close() {
    stopping = true;
    wake();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Sequence s : new ArrayList<>(running)) {
      complete(s, FinishReason.CANCELLED, null);
    }
    pool.close();
  }
}
