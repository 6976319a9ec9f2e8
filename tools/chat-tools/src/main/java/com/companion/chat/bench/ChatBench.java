package com.companion.chat.bench;

import com.companion.chat.ChatProperties;
import com.companion.chat.catalog.CharacterCard;
import com.companion.chat.model.ChatMessage;
import com.companion.chat.prompt.HistoryMessage;
import com.companion.chat.prompt.ModelTokenizer;
import com.companion.chat.prompt.PromptAssembler;
import com.companion.chat.prompt.PromptInput;
import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.Role;
import com.companion.tools.bench.ProcessCpu;
import com.companion.tools.bench.WarmUp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar chat-tools.jar bench [flags]}: simulated users chat concurrently through the
 * edge; then the very prompts chat-service assembled for those turns (same card, history, assembler
 * and budget) go straight to an inference node with chat-service's sampling and the same reply
 * length, at the same concurrency. Both sides are warmed up first. Tables compare TTFT, throughput
 * and reply lengths, and give every platform process's CPU time per turn (from {@code /proc}).
 *
 * <p>Flags: {@code --edge-url} (http://127.0.0.1:8080), {@code --character-url} (where the bench
 * creates its character; the edge by default), {@code --node-url} (http://127.0.0.1:8085), {@code
 * --chat-url} (http://127.0.0.1:8082, chat-service's timers of a turn's start), {@code --users}
 * (50), {@code --turns} (4 per user), {@code --warm-up-users} (up to 8) with {@code
 * --warm-up-turns} (5) each per round, {@code --warm-up-rounds} (60 at the most) until {@code
 * --warm-up-jit-share} (0.10; see {@link WarmUp}), {@code --idle-seconds} (10: how long each
 * process's idle CPU is measured, to net it out of the per-turn figures), {@code --max-tokens} (32:
 * asked of the node directly; start the platform with {@code CHAT_MAXTOKENS} set to the same so
 * chat-service asks for it too), {@code --tokenizer} (chat-service's), {@code --node-key} (the
 * local model gateway's, from {@code --data-dir}), {@code --product} (glow), {@code --database-url}
 * (the platform's PostgreSQL database, whose counters give the SQL work per turn).
 */
public final class ChatBench {

  /** The longest a streamed turn may take, from its response's head to its end. */
  private static final Duration STREAM_DEADLINE = Duration.ofMinutes(2);

  /** Where {@code ./platform up} points chat-service's tokenizer, from the repository's root. */
  private static final String DEFAULT_TOKENIZER = "inference-node/model/tokenizer.json";

  private static final JsonMapper SSE_JSON = JsonMapper.builder().build();

  /** What {@code bench --help} prints. */
  static final String USAGE =
      """
      usage: java -jar tools/chat-tools/target/chat-tools.jar bench [options]

      The chat benchmark against a running platform (./platform up first). Options (defaults):
        --edge-url URL            http://127.0.0.1:8080
        --character-url URL       where the bench creates its character (the edge)
        --node-url URL            the inference node for the direct phase (http://127.0.0.1:8085)
        --chat-url URL            chat-service, whose timers of a turn's start are read
                                  (http://127.0.0.1:8082)
        --users N                 simulated users (50)
        --turns N                 turns per user (4)
        --warm-up-users N         users per warm-up round (up to 8)
        --warm-up-turns N         turns per warm-up user (5)
        --warm-up-rounds N        the most warm-up rounds (60)
        --warm-up-jit-share S     warm once the JIT compilers' share of the CPU is at most S (0.10)
        --idle-seconds N          how long each process's idle CPU is measured (10)
        --max-tokens N            asked of the node directly (32; start the platform with
                                  CHAT_MAXTOKENS set to the same)
        --tokenizer PATH          the checkpoint's tokenizer.json, the one chat-service counts
                                  with (inference-node/model/tokenizer.json, from the repository's
                                  root, where ./platform runs it)
        --node-key KEY            the node's credential (the model gateway's, from --data-dir)
        --data-dir PATH           the launcher's data folder (.platform)
        --product NAME            glow
        --database-url URL        jdbc:postgresql://127.0.0.1:5432/companion
      The tables and their reading: tools/chat-tools/README.md
      """;

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Map<String, String> flags;

  private ChatBench(Map<String, String> flags) {
    this.flags = flags;
  }

  /**
   * Runs the bench with {@code args}; prints the usage instead for {@code --help} or {@code -h}.
   */
  public static int run(String[] args) throws Exception {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(USAGE);
      return 0;
    }
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        System.err.println("unexpected argument " + args[i]);
        return 2;
      }
      flags.put(args[i].substring(2), args[i + 1]);
    }
    try {
      return new ChatBench(flags).run();
    } catch (java.net.ConnectException e) {
      System.err.println("cannot reach the platform (" + e + "): is it up? ./platform up");
      return 1;
    } catch (IOException e) {
      System.err.println("bench failed: " + e.getMessage());
      return 1;
    }
  }

  private String flag(String name, String fallback) {
    return flags.getOrDefault(name, fallback);
  }

  private int run() throws Exception {
    String edge = flag("edge-url", "http://127.0.0.1:8080");
    String characters = flag("character-url", edge);
    String node = flag("node-url", "http://127.0.0.1:8085");
    String chatService = flag("chat-url", "http://127.0.0.1:8082");
    int users = Integer.parseInt(flag("users", "50"));
    int turns = Integer.parseInt(flag("turns", "4"));
    int warmUpUsers = Integer.parseInt(flag("warm-up-users", Integer.toString(Math.min(users, 8))));
    int warmUpTurns = Integer.parseInt(flag("warm-up-turns", "5"));
    int warmUpRounds = Integer.parseInt(flag("warm-up-rounds", "60"));
    double settledJitShare = Double.parseDouble(flag("warm-up-jit-share", "0.10"));
    Duration idle = Duration.ofSeconds(Long.parseLong(flag("idle-seconds", "10")));
    String product = flag("product", "glow");
    String database = flag("database-url", "jdbc:postgresql://127.0.0.1:5432/companion");
    // the direct phase asks for what chat-service asks for: its own settings' defaults
    ChatProperties chat =
        new Binder(new MapConfigurationPropertySource(Map.of()))
            .bindOrCreate("chat", ChatProperties.class);
    int maxTokens = Integer.parseInt(flag("max-tokens", "32"));
    // the platform's chat-service counts with the checkpoint's tokenizer (the launcher hands it
    // the path); a bench estimating instead would trim the direct phase's prompts differently
    Path tokenizerFile = Path.of(flag("tokenizer", DEFAULT_TOKENIZER));
    if (!Files.isRegularFile(tokenizerFile)) {
      throw new IOException(
          "no tokenizer at "
              + tokenizerFile.toAbsolutePath()
              + ": pass --tokenizer with the tokenizer.json chat-service uses");
    }
    ModelTokenizer tokenizer = ModelTokenizer.load(tokenizerFile, chat.contextTokens());
    PromptAssembler assembler = new PromptAssembler(tokenizer.counter(), chat.prompt());

    String creator =
        token(edge, "bench-creator-" + UUID.randomUUID(), product, Role.CREATOR, Role.USER);
    Map<String, Object> cardFields =
        Map.of(
            "name", "Mercutio",
            "description", "{{char}} is Romeo's quick-witted friend in Verona.",
            "personality", "playful, sharp-tongued, loyal",
            "scenario", "A street in Verona, at noon.",
            "first_mes", "Good morrow, {{user}}! What news?",
            "visibility", "unlisted");
    JsonNode character = send(characters, "POST", "/v1/characters", creator, cardFields, 201);
    String characterId = character.path("id").asString();
    CharacterCard card =
        new CharacterCard(
            characterId,
            character.path("version").asInt(1),
            null,
            "Mercutio",
            (String) cardFields.get("description"),
            (String) cardFields.get("personality"),
            (String) cardFields.get("scenario"),
            (String) cardFields.get("first_mes"),
            null,
            null,
            null,
            List.of(),
            List.of(),
            CharacterCard.DEFAULT_TALKATIVENESS,
            null);
    Direct direct =
        new Direct(
            node,
            nodeKey(),
            maxTokens,
            chat.sampling(),
            assembler,
            card,
            tokenizer,
            chat.maxTokens());
    System.out.printf(
        "chat bench: %d users x %d turns through %s; the same assembled prompts direct to %s;"
            + " max %d tokens; %d cpus, load average %s%n",
        users,
        turns,
        edge,
        node,
        maxTokens,
        Runtime.getRuntime().availableProcessors(),
        loadAverage());

    // 0. warm-up, both sides, not counted: the platform until its JIT compilers have settled, so
    // the phases measure the services as they run for days, not a young JVM's first turns
    Phase warmUp =
        warmUp(edge, product, characterId, warmUpUsers, warmUpTurns, warmUpRounds, settledJitShare);
    direct.run(histories(edge, warmUp.conversations()), new Phase());

    // what each process spends doing nothing (polls, commits, timers), per second, to net out
    Thread.sleep(DatabaseActivity.SETTLE_MILLIS);
    Map<String, Long> db0 = DatabaseActivity.snapshot(database);
    Map<String, Double> idle0 = ProcessCpu.snapshot();
    Thread.sleep(idle);
    Map<String, Double> idlePerSecond =
        ProcessCpu.perSecond(ProcessCpu.spent(idle0, ProcessCpu.snapshot()), idle);
    Map<String, Long> db1 = DatabaseActivity.snapshot(database);

    // 1. through the platform
    PrefixCacheCounters cache0 = PrefixCacheCounters.read(http, node);
    StartSteps steps0 = StartSteps.read(http, chatService);
    Map<String, Double> cpu0 = ProcessCpu.snapshot();
    Phase platform = platform(edge, product, characterId, users, turns);
    Map<String, Double> platformCpu = ProcessCpu.spent(cpu0, ProcessCpu.snapshot());
    platform.prefixCacheHits = PrefixCacheCounters.read(http, node).hitShareSince(cache0);
    List<StartSteps.Row> startSteps = StartSteps.read(http, chatService).since(steps0);
    Thread.sleep(DatabaseActivity.SETTLE_MILLIS);
    Map<String, Long> db2 = DatabaseActivity.snapshot(database);

    // 2. every send again with its key, then every message must be there exactly once: the
    // retries added nothing, nothing went missing
    Map<String, Double> cpu2 = ProcessCpu.snapshot();
    Phase retried = retries(edge, platform.conversations());
    Map<String, Double> retryCpu = ProcessCpu.spent(cpu2, ProcessCpu.snapshot());
    Map<Conversation, List<JsonNode>> histories = histories(edge, platform.conversations());
    Integrity integrity = Integrity.of(histories, turns, users);

    // 3. the same assembled prompts straight to the inference node, with the same concurrency
    PrefixCacheCounters cache1 = PrefixCacheCounters.read(http, node);
    Map<String, Double> cpu1 = ProcessCpu.snapshot();
    Phase straight = direct.run(histories, new Phase());
    Map<String, Double> directCpu = ProcessCpu.spent(cpu1, ProcessCpu.snapshot());
    straight.prefixCacheHits = PrefixCacheCounters.read(http, node).hitShareSince(cache1);

    print(platform, straight, platformCpu, directCpu, idlePerSecond, integrity);
    printStartSteps(startSteps, platform);
    printRetries(retried, retryCpu, idlePerSecond);
    printDatabase(
        platform,
        DatabaseActivity.between(db1, db2),
        DatabaseActivity.between(db0, db1),
        idle.toMillis());
    boolean ok =
        integrity.lost() == 0
            && integrity.duplicated() == 0
            && platform.errors.get() == 0
            && retried.errors.get() == 0;
    return ok ? 0 : 1;
  }

  /** Rounds of turns until {@link WarmUp} says the platform is warm; answers the last round. */
  private Phase warmUp(
      String edge,
      String product,
      String characterId,
      int users,
      int turns,
      int rounds,
      double settledShare)
      throws Exception {
    Phase last = null;
    WarmUp warmUp = new WarmUp(settledShare, rounds);
    for (int round = 1; ; round++) {
      Map<String, Double> before = ProcessCpu.snapshot();
      last = platform(edge, product, characterId, users, turns);
      Map<String, Double> spent = ProcessCpu.spent(before, ProcessCpu.snapshot());
      boolean done = warmUp.done(ProcessCpu.jitMillis(spent), ProcessCpu.otherMillis(spent));
      System.out.printf(
          "warm-up round %d: %d turns, JIT compiling %.0f%% of the platform's CPU"
              + " (%.0f%% over the last %d rounds)%n",
          round,
          last.completed.get(),
          100 * ProcessCpu.jitShare(spent),
          100 * warmUp.share(),
          Math.min(round, WarmUp.WINDOW));
      if (done) {
        return last;
      }
    }
  }

  /** What one phase measured. */
  static final class Phase {
    final List<Long> ttft = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> replyTokens = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> promptTokens = Collections.synchronizedList(new ArrayList<>());
    final ConcurrentLinkedQueue<Conversation> conversations = new ConcurrentLinkedQueue<>();
    final AtomicInteger errors = new AtomicInteger();
    final AtomicInteger completed = new AtomicInteger();
    // how long each refusal (503 busy with Retry-After) took to arrive
    final List<Long> refusals = Collections.synchronizedList(new ArrayList<>());
    volatile double seconds;
    // the share of its prompt tokens the node found in its prefix cache
    volatile double prefixCacheHits = Double.NaN;

    List<Conversation> conversations() {
      return List.copyOf(conversations);
    }

    double turnsPerSecond() {
      return completed.get() / Math.max(1e-9, seconds);
    }
  }

  private Phase platform(String edge, String product, String characterId, int users, int turns)
      throws Exception {
    Phase phase = new Phase();
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new ArrayList<>();
      for (int u = 0; u < users; u++) {
        int user = u;
        running.add(
            pool.submit(
                () -> {
                  try {
                    phase.conversations.add(chat(edge, product, characterId, user, turns, phase));
                  } catch (Exception e) {
                    phase.errors.incrementAndGet();
                    System.err.println("user " + user + ": " + e.getMessage());
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    }
    phase.seconds = (System.nanoTime() - start) / 1e9;
    return phase;
  }

  /** One page of a conversation's messages, ending before the given message (null: the newest). */
  interface PageBefore {
    JsonNode read(String before) throws IOException, InterruptedException;
  }

  /**
   * A conversation's whole current path, oldest first. Pages run from the newest back ({@code
   * next_cursor} names where the next, older page ends): a conversation longer than one page must
   * be read whole, or the direct phase would miss its longest prompts and messages beyond the first
   * page would count as lost.
   */
  static List<JsonNode> wholePath(PageBefore pages) throws IOException, InterruptedException {
    List<JsonNode> items = new ArrayList<>();
    String before = null;
    do {
      JsonNode page = pages.read(before);
      List<JsonNode> older = new ArrayList<>();
      page.path("items").forEach(older::add);
      items.addAll(0, older);
      before = page.path("next_cursor").asString(null);
    } while (before != null);
    return items;
  }

  private Map<Conversation, List<JsonNode>> histories(String edge, List<Conversation> all)
      throws IOException, InterruptedException {
    Map<Conversation, List<JsonNode>> histories = new LinkedHashMap<>();
    for (Conversation c : all) {
      String messages = "/v1/conversations/" + c.id() + "/messages?limit=50";
      histories.put(
          c,
          wholePath(
              before ->
                  send(
                      edge,
                      "GET",
                      before == null ? messages : messages + "&before=" + before,
                      c.token(),
                      null,
                      200)));
    }
    return histories;
  }

  /**
   * Messages lost and duplicated. Each conversation should hold the greeting, then for each turn
   * its user message and one reply: a prompt seen twice is a duplicate, a prompt or reply missing
   * is lost; a user whose conversation never started lost all its turns.
   */
  record Integrity(int expected, int found, int lost, int duplicated) {

    static Integrity of(Map<Conversation, List<JsonNode>> histories, int turns, int users) {
      int expected = users * (1 + 2 * turns);
      int found = 0;
      int lost = (users - histories.size()) * (1 + 2 * turns);
      int duplicated = 0;
      for (Map.Entry<Conversation, List<JsonNode>> e : histories.entrySet()) {
        List<JsonNode> items = e.getValue();
        found += items.size();
        Map<String, Integer> prompts = new HashMap<>();
        int replies = 0;
        for (JsonNode item : items) {
          if ("user".equals(item.path("role").asString())) {
            prompts.merge(item.path("content").asString(), 1, Integer::sum);
          } else {
            replies++;
          }
        }
        for (int t = 0; t < turns; t++) {
          int seen = prompts.getOrDefault(prompt(e.getKey().user(), t), 0);
          lost += seen == 0 ? 1 : 0;
          duplicated += Math.max(0, seen - 1);
        }
        // the greeting and one reply per turn
        lost += Math.max(0, 1 + turns - replies);
        duplicated += Math.max(0, replies - 1 - turns);
      }
      return new Integrity(expected, found, lost, duplicated);
    }
  }

  private void print(
      Phase platform,
      Phase direct,
      Map<String, Double> platformCpu,
      Map<String, Double> directCpu,
      Map<String, Double> idlePerSecond,
      Integrity integrity) {
    double p50p = percentile(platform.ttft, 50);
    double p95p = percentile(platform.ttft, 95);
    double p50d = percentile(direct.ttft, 50);
    double p95d = percentile(direct.ttft, 95);
    System.out.println();
    System.out.println("| measure | through the edge | straight to the node | difference |");
    System.out.println("|---|---|---|---|");
    System.out.printf(
        "| turns completed | %d | %d | |%n", platform.completed.get(), direct.completed.get());
    System.out.printf(
        "| turns/s | %.2f | %.2f | x%.2f |%n",
        platform.turnsPerSecond(),
        direct.turnsPerSecond(),
        platform.turnsPerSecond() / Math.max(1e-9, direct.turnsPerSecond()));
    System.out.printf("| TTFT p50 (ms) | %.1f | %.1f | %+.1f ms |%n", p50p, p50d, p50p - p50d);
    System.out.printf("| TTFT p95 (ms) | %.1f | %.1f | %+.1f ms |%n", p95p, p95d, p95p - p95d);
    System.out.printf(
        "| refused (503 busy, retried after Retry-After) | %d | | |%n", platform.refusals.size());
    if (!platform.refusals.isEmpty()) {
      System.out.printf(
          "| time to refusal p50 / max (ms) | %.1f / %.1f | | |%n",
          percentile(platform.refusals, 50), percentile(platform.refusals, 100));
    }
    System.out.printf(
        "| mean reply (tokens) | %.1f | %.1f | |%n",
        mean(platform.replyTokens), mean(direct.replyTokens));
    System.out.printf(
        "| mean prompt (tokens) | %.1f | %.1f | |%n",
        mean(platform.promptTokens), mean(direct.promptTokens));
    System.out.printf(
        "| prompt tokens found in the node's prefix cache | %.0f%% | %.0f%% | |%n",
        100 * platform.prefixCacheHits, 100 * direct.prefixCacheHits);
    System.out.println();
    System.out.println(
        "| process | CPU ms per turn, through the edge | of which JIT compiling | net of idle and"
            + " JIT | CPU ms per turn, direct | idle CPU ms/s |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    int pt = Math.max(1, platform.completed.get());
    int dt = Math.max(1, direct.completed.get());
    double outside = 0;
    double outsideNet = 0;
    for (String process : platformCpu.keySet()) {
      if (process.endsWith(ProcessCpu.JIT)) {
        continue;
      }
      // idle without the JIT's share, which the JIT column already takes out
      double idle =
          idlePerSecond.getOrDefault(process, 0.0)
              - idlePerSecond.getOrDefault(process + ProcessCpu.JIT, 0.0);
      double p = platformCpu.get(process) / pt;
      double jit = platformCpu.getOrDefault(process + ProcessCpu.JIT, 0.0) / pt;
      double net = Math.max(0, p - jit - idle * platform.seconds / pt);
      double d = directCpu.getOrDefault(process, 0.0) / dt;
      System.out.printf(
          "| %s | %.1f | %.1f | %.1f | %.1f | %.1f |%n", process, p, jit, net, d, idle);
      if (!process.equals("inference-node")) {
        outside += p;
        outsideNet += net;
      }
    }
    System.out.printf(
        "| **all but inference-node** | **%.1f** | | **%.1f** | | |%n", outside, outsideNet);
    if (platformCpu.isEmpty()) {
      System.out.println("| (no /proc here: CPU per process not measured) | | |");
    }
    System.out.println();
    System.out.println("| messages expected | found | lost | duplicated | errors |");
    System.out.println("|---|---|---|---|---|");
    System.out.printf(
        "| %d | %d | %d | %d | %d |%n",
        integrity.expected(),
        integrity.found(),
        integrity.lost(),
        integrity.duplicated(),
        platform.errors.get() + direct.errors.get());
    double ratio = mean(platform.replyTokens) / Math.max(1e-9, mean(direct.replyTokens));
    if (ratio < 0.8 || ratio > 1.25) {
      System.out.printf(
          "note: replies differ in length between the phases (x%.2f); start the platform with"
              + " CHAT_MAXTOKENS=<max-tokens> so chat-service asks for the same%n",
          ratio);
    }
  }

  /**
   * Where the platform phase's turns waited for their first word: the start's steps, then the first
   * words in chat-service (from the turn's arrival), and the rest of the client's wait, spent
   * before the arrival and after the release (the edge and the wire, both ways).
   */
  private static void printStartSteps(List<StartSteps.Row> rows, Phase platform) {
    if (rows.isEmpty()) {
      return;
    }
    System.out.println();
    System.out.println("| a turn's start in chat-service, through the edge | turns | mean ms |");
    System.out.println("|---|---:|---:|");
    Map<String, Double> means = new HashMap<>();
    for (StartSteps.Row row : rows) {
      System.out.printf("| %s | %d | %.1f |%n", row.step(), row.turns(), row.meanMillis());
      means.put(row.step(), row.meanMillis());
    }
    Double start = means.get("whole");
    Double modelText = means.get(StartSteps.FIRST_MODEL_TEXT);
    Double shown = means.get(StartSteps.FIRST_TEXT);
    double client = mean(platform.ttft);
    if (start != null && modelText != null && shown != null && !Double.isNaN(client)) {
      System.out.printf(
          "the client's TTFT, mean %.1f ms: the start %.1f, then the model's first text through"
              + " the gateway %.1f, then moderation and release %.1f (in chat-service, %.1f from"
              + " the turn's arrival); the edge and the wire, both ways: %.1f%n",
          client, start, modelText - start, shown - modelText, shown, client - shown);
    }
  }

  /** What the retries cost: CPU per retried send outside the node, net of idle. */
  private static void printRetries(
      Phase retried, Map<String, Double> cpu, Map<String, Double> idlePerSecond) {
    int sent = retried.completed.get() + retried.errors.get();
    double gross = 0;
    double net = 0;
    for (Map.Entry<String, Double> e : cpu.entrySet()) {
      String process = e.getKey();
      if (process.endsWith(ProcessCpu.JIT) || process.equals("inference-node")) {
        continue;
      }
      double jit = cpu.getOrDefault(process + ProcessCpu.JIT, 0.0);
      double idle =
          idlePerSecond.getOrDefault(process, 0.0)
              - idlePerSecond.getOrDefault(process + ProcessCpu.JIT, 0.0);
      gross += e.getValue();
      net += Math.max(0, e.getValue() - jit - idle * retried.seconds);
    }
    System.out.printf(
        "%nretries (each send again with its Idempotency-Key, after the phase, not counted in it):"
            + " %d sent, %d replayed, %d failed; CPU outside the node %.1f ms gross, %.1f net per"
            + " retry%n",
        sent,
        retried.completed.get(),
        retried.errors.get(),
        gross / Math.max(1, sent),
        net / Math.max(1, sent));
  }

  /**
   * The database's work per turn, net of what it does idle (relays, consumers) over the phase and
   * the wait for its counters.
   */
  private static void printDatabase(
      Phase platform, Map<String, Long> phase, Map<String, Long> idle, long idleMillis) {
    if (phase.isEmpty()) {
      System.out.println("(the database's counters could not be read: see --database-url)");
      return;
    }
    int turns = Math.max(1, platform.completed.get());
    double phaseMillis = platform.seconds * 1000 + DatabaseActivity.SETTLE_MILLIS;
    System.out.println();
    System.out.println("| PostgreSQL, per turn (net of idle) | count |");
    System.out.println("|---|---:|");
    phase.forEach(
        (name, count) -> {
          double idleShare = idle.getOrDefault(name, 0L) * phaseMillis / idleMillis;
          double perTurn = Math.max(0, count - idleShare) / turns;
          if (perTurn >= 0.05) {
            System.out.printf("| %s | %.1f |%n", name, perTurn);
          }
        });
  }

  /** The mean of the values that are not negative (a turn without text has no TTFT). */
  private static double mean(List<? extends Number> values) {
    synchronized (values) {
      return values.stream()
          .mapToDouble(Number::doubleValue)
          .filter(v -> v >= 0)
          .average()
          .orElse(Double.NaN);
    }
  }

  /**
   * The node takes only callers with a credential: {@code --node-key}, else the model gateway's
   * local one that the launcher keeps in its data folder.
   */
  private String nodeKey() {
    if (flags.containsKey("node-key")) {
      return flag("node-key", "");
    }
    String secret = localSecret("inference-node", null);
    return secret == null ? "" : "model-gateway:" + secret;
  }

  /**
   * A secret the launcher generated in its data folder ({@code --data-dir}, .platform): the
   * configured value when there is one, else the file, else null.
   */
  private String localSecret(String name, String configured) {
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    Path file = Path.of(flag("data-dir", ".platform"), "secrets", name);
    try {
      return Files.exists(file) ? Files.readString(file).strip() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** One user's conversation, and the {@code Idempotency-Key} of each of its sends. */
  record Conversation(int user, String id, String token, List<String> keys) {}

  static String prompt(int user, int turn) {
    return "User " + user + " asks, turn " + turn + ": what say you of Romeo tonight?";
  }

  /**
   * One user: a conversation, then turns, each with its own {@code Idempotency-Key}. A failure says
   * which step it was, and for a turn its conversation and key, so it can be found in the services'
   * logs.
   */
  private Conversation chat(
      String edge, String product, String characterId, int user, int turns, Phase phase)
      throws Exception {
    String step = "signing in";
    try {
      String token = token(edge, "bench-user-" + UUID.randomUUID(), product, Role.USER);
      step = "starting a conversation";
      JsonNode started =
          send(edge, "POST", "/v1/conversations", token, Map.of("character_id", characterId), 201);
      String id = started.path("conversation").path("id").asString();
      List<String> keys = new ArrayList<>();
      for (int t = 0; t < turns; t++) {
        String key = UUID.randomUUID().toString();
        step = "turn " + t + " of conversation " + id + " (Idempotency-Key " + key + ")";
        String body = json.writeValueAsString(Map.of("content", prompt(user, t)));
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(edge + "/v1/conversations/" + id + "/messages"))
                .header("Authorization", token)
                .header("Idempotency-Key", key)
                .header("Accept", "text/event-stream")
                .header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        Sent sent = sendStreamed(request, phase);
        long start = sent.startNanos();
        HttpResponse<Stream<String>> response = sent.response();
        if (response.statusCode() != 200) {
          throw new IOException("send answered " + response.statusCode());
        }
        Streamed streamed = read(response.body(), "delta", "done", STREAM_DEADLINE);
        if (streamed.done() == null) {
          throw new IOException("stream ended without done");
        }
        if (streamed.firstNanos() > 0) {
          phase.ttft.add((streamed.firstNanos() - start) / 1_000_000);
        }
        JsonNode usage = streamed.done().path("usage");
        phase.replyTokens.add(usage.path("completion_tokens").asInt());
        phase.promptTokens.add(usage.path("prompt_tokens").asInt());
        phase.completed.incrementAndGet();
        keys.add(key);
      }
      return new Conversation(user, id, token, keys);
    } catch (IOException e) {
      throw new IOException(step + ": " + e.getMessage(), e);
    }
  }

  /**
   * Every send of the phase sent again with its {@code Idempotency-Key}, as a client that lost the
   * answer does: each must replay the stored turn (201), never add one. One virtual thread per
   * user, as in the phase; counted apart from it, so the turns' figures hold turns only.
   */
  private Phase retries(String edge, List<Conversation> conversations) throws Exception {
    Phase phase = new Phase();
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new ArrayList<>();
      for (Conversation c : conversations) {
        running.add(
            pool.submit(
                () -> {
                  for (int t = 0; t < c.keys().size(); t++) {
                    try {
                      send(
                          edge,
                          "POST",
                          "/v1/conversations/" + c.id() + "/messages",
                          c.token(),
                          Map.of("content", prompt(c.user(), t)),
                          201,
                          Map.of("Idempotency-Key", c.keys().get(t)));
                      phase.completed.incrementAndGet();
                    } catch (Exception e) {
                      phase.errors.incrementAndGet();
                      System.err.println("retry of user " + c.user() + ": " + e.getMessage());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    }
    phase.seconds = (System.nanoTime() - start) / 1e9;
    return phase;
  }

  /** The first text event's time and the data of the last event, from an SSE stream. */
  record Streamed(long firstNanos, JsonNode done) {}

  /**
   * Reads an SSE stream to its end, or gives up after the deadline: the request's timeout covers
   * only the wait for the response's head, and a stream that stalls after it would otherwise hold
   * the whole phase (the bench waits for every user) without a word.
   */
  static Streamed read(Stream<String> body, String textEvent, String doneEvent, Duration deadline)
      throws IOException, InterruptedException {
    CompletableFuture<Streamed> reading = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                reading.complete(read(body.iterator(), textEvent, doneEvent));
              } catch (Throwable e) {
                reading.completeExceptionally(e);
              }
            });
    try {
      return reading.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      body.close();
      throw new IOException("the stream stalled: no end within " + deadline.toSeconds() + " s");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  private static Streamed read(Iterator<String> lines, String textEvent, String doneEvent)
      throws IOException {
    long first = -1;
    String event = null;
    JsonNode done = null;
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.startsWith("event:")) {
        event = line.substring(6).trim();
        if (first < 0 && textEvent.equals(event)) {
          first = System.nanoTime();
        }
      } else if (line.startsWith("data:")) {
        if ("error".equals(event)) {
          throw new IOException("turn failed: " + line);
        }
        if (doneEvent.equals(event)) {
          done = SSE_JSON.readTree(line.substring(5).trim());
        }
      }
    }
    return new Streamed(first, done);
  }

  /**
   * The direct phase: each conversation's turns, prompt by prompt as chat-service assembled them
   * (the same card, the history before each turn, the same assembler and token budget), with
   * chat-service's sampling and the same reply length, straight to the node.
   */
  private final class Direct {
    private final String node;
    private final String nodeKey;
    private final int maxTokens;
    private final ChatProperties.Sampling sampling;
    private final PromptAssembler assembler;
    private final CharacterCard card;
    private final int budget;
    // starts every prompt of this side, so that the node cannot answer it from the KV blocks it
    // computed for the very same prompt in the platform phase; within the side, prompts share
    // prefixes as the platform's do (the card across users, each conversation's earlier turns)
    private final String marker = "[" + UUID.randomUUID().toString().substring(0, 8) + "] ";

    Direct(
        String node,
        String nodeKey,
        int maxTokens,
        ChatProperties.Sampling sampling,
        PromptAssembler assembler,
        CharacterCard card,
        ModelTokenizer tokenizer,
        int chatMaxTokens) {
      this.node = node;
      this.nodeKey = nodeKey;
      this.maxTokens = maxTokens;
      this.sampling = sampling;
      this.assembler = assembler;
      this.card = card;
      this.budget = tokenizer.contextTokens() - chatMaxTokens;
    }

    Phase run(Map<Conversation, List<JsonNode>> histories, Phase phase) throws Exception {
      long start = System.nanoTime();
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<?>> running = new ArrayList<>();
        for (List<JsonNode> items : histories.values()) {
          running.add(
              pool.submit(
                  () -> {
                    for (List<ChatMessage> prompt : prompts(items)) {
                      try {
                        send(prompt, phase);
                      } catch (Exception e) {
                        phase.errors.incrementAndGet();
                        System.err.println("direct: " + e.getMessage());
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> f : running) {
          f.get();
        }
      }
      phase.seconds = (System.nanoTime() - start) / 1e9;
      return phase;
    }

    /** One prompt per user message: the history up to it, assembled. */
    List<List<ChatMessage>> prompts(List<JsonNode> items) {
      List<List<ChatMessage>> prompts = new ArrayList<>();
      List<HistoryMessage> history = new ArrayList<>();
      for (JsonNode item : items) {
        String content = item.path("content").asString();
        if ("user".equals(item.path("role").asString())) {
          history.add(HistoryMessage.user(content));
          prompts.add(
              assembler
                  .assemble(
                      new PromptInput(
                          card, "User", null, List.of(), null, List.of(), history, budget))
                  .messages());
        } else {
          history.add(HistoryMessage.character(card.id(), card.name(), content));
        }
      }
      return prompts;
    }

    private void send(List<ChatMessage> messages, Phase phase) throws Exception {
      List<Map<String, Object>> wire = new ArrayList<>();
      for (ChatMessage m : messages) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("role", m.role());
        one.put("content", wire.isEmpty() ? marker + m.content() : m.content());
        if (m.name() != null) {
          one.put("name", m.name());
        }
        wire.add(one);
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("messages", wire);
      body.put("max_tokens", maxTokens);
      body.put("temperature", sampling.temperature());
      body.put("top_p", sampling.topP());
      body.put("top_k", sampling.topK());
      body.put("min_p", sampling.minP());
      body.put("repetition_penalty", sampling.repetitionPenalty());
      body.put("stream", true);
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(URI.create(node + "/v1/generate"))
              .header("Accept", "text/event-stream")
              .header("Content-Type", "application/json")
              .timeout(Duration.ofMinutes(2))
              .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
      if (!nodeKey.isBlank()) {
        builder.header("X-Service-Key", nodeKey);
      }
      HttpRequest request = builder.build();
      Sent sent = sendStreamed(request, phase);
      long start = sent.startNanos();
      HttpResponse<Stream<String>> response = sent.response();
      if (response.statusCode() != 200) {
        throw new IOException("node answered " + response.statusCode());
      }
      Streamed streamed = read(response.body(), "token", "done", STREAM_DEADLINE);
      if (streamed.firstNanos() > 0) {
        phase.ttft.add((streamed.firstNanos() - start) / 1_000_000);
      }
      if (streamed.done() != null) {
        phase.replyTokens.add(streamed.done().path("completion_tokens").asInt());
        phase.promptTokens.add(streamed.done().path("prompt_tokens").asInt());
      }
      phase.completed.incrementAndGet();
    }
  }

  /** A streamed answer and when the request that got it was sent. */
  record Sent(HttpResponse<Stream<String>> response, long startNanos) {}

  /**
   * Sends a streamed request. A full platform or node refuses at once (503 with {@code
   * Retry-After}): the refusal is counted, and the same request (the same key) goes again after the
   * wait.
   */
  private Sent sendStreamed(HttpRequest request, Phase phase)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
    while (response.statusCode() == 503
        && response.headers().firstValue("Retry-After").isPresent()) {
      phase.refusals.add((System.nanoTime() - start) / 1_000_000);
      response.body().close();
      Thread.sleep(retryAfterMillis(response));
      start = System.nanoTime();
      response = http.send(request, HttpResponse.BodyHandlers.ofLines());
    }
    return new Sent(response, start);
  }

  private static long retryAfterMillis(HttpResponse<?> response) {
    return 1000 * Long.parseLong(response.headers().firstValue("Retry-After").orElse("1").trim());
  }

  private JsonNode send(
      String base, String method, String path, String token, Object body, int expected)
      throws IOException, InterruptedException {
    return send(base, method, path, token, body, expected, Map.of());
  }

  private JsonNode send(
      String base,
      String method,
      String path,
      String token,
      Object body,
      int expected,
      Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", token)
            .header("Accept", "application/json")
            .timeout(Duration.ofMinutes(2))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    for (int tries = 1;
        response.statusCode() == 503
            && expected != 503
            && response.headers().firstValue("Retry-After").isPresent()
            && tries < 30;
        tries++) {
      Thread.sleep(retryAfterMillis(response));
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
    if (response.statusCode() != expected) {
      throw new IOException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return json.readTree(response.body().isEmpty() ? "null" : response.body());
  }

  /**
   * A bearer token from the edge's local sign-in ({@code POST /v1/app/local-token}, on under {@code
   * ./platform up}), the same one {@code ./platform token} prints.
   */
  private String token(String edge, String userId, String product, Role... roles)
      throws IOException, InterruptedException {
    Map<String, Object> body =
        Map.of(
            "user",
            userId,
            "roles",
            Arrays.stream(roles).map(Role::claimValue).toList(),
            "product",
            product,
            "age_group",
            AgeGroup.ADULT.claimValue());
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(edge + "/v1/app/local-token"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "local sign-in answered " + response.statusCode() + " (is the platform up locally?)");
    }
    return "Bearer " + json.readTree(response.body()).path("access_token").asString();
  }

  static double percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.removeIf(v -> v < 0);
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
