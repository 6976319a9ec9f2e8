package com.companion.analytics.guard;

import com.companion.analytics.figure.Fields;
import com.companion.analytics.figure.FigureKind;
import com.companion.analytics.guard.QualityGuard.Counts;
import com.companion.analytics.guard.QualityGuard.Decision;
import com.companion.analytics.guard.QualityGuard.Signal;
import com.companion.analytics.guard.QualityGuard.Verdict;
import com.companion.analytics.readmodel.FigureRows;
import com.companion.analytics.readmodel.FigureRows.Row;
import com.companion.contracts.events.ModelQualityVerdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@link QualityGuard} on the read model at an interval. For each alias that served two
 * versions in the last two days, the one with more requests is taken as stable and the other as the
 * canary. When the guard decides (roll back or keep), it publishes a {@code model.quality-verdict}
 * event once per decision; the latest verdict per alias is also what the quality endpoint shows.
 */
public final class GuardWatch implements SmartLifecycle {

  public static final String TOPIC = ModelQualityVerdict.TOPIC;
  public static final String TYPE = ModelQualityVerdict.TYPE;

  private static final Logger log = LoggerFactory.getLogger(GuardWatch.class);

  private final FigureRows rows;
  private final QualityGuard guard;
  private final Clock clock;
  private final Duration interval;
  private final BiConsumer<String, String> publisher;
  private final Map<String, LatestVerdict> latest = new ConcurrentHashMap<>();
  private final Map<String, Decision> published = new ConcurrentHashMap<>();
  private volatile boolean running;
  private Thread thread;

  /**
   * @param publisher sends (key = alias, value = CloudEvent JSON) to {@link #TOPIC}
   */
  public GuardWatch(
      FigureRows rows,
      QualityGuard guard,
      Clock clock,
      Duration interval,
      BiConsumer<String, String> publisher) {
    this.rows = rows;
    this.guard = guard;
    this.clock = clock;
    this.interval = interval;
    this.publisher = publisher;
  }

  /** The latest verdict on the alias's canary, if there is a canary. */
  public Optional<LatestVerdict> verdict(String alias) {
    return Optional.ofNullable(latest.get(alias));
  }

  /** One round over every alias. */
  public void check() {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    LocalDate from = today.minusDays(1);
    Map<String, Map<String, Long>> requests = new HashMap<>();
    for (Row row : rows.find(FigureKind.MODEL_ALIAS, "", from, today)) {
      String[] aliasVersion = row.key().subject().split("\\|", 2);
      if (aliasVersion.length == 2 && !aliasVersion[1].isEmpty()) {
        requests
            .computeIfAbsent(aliasVersion[0], a -> new HashMap<>())
            .merge(aliasVersion[1], row.get(Fields.REQUESTS), Long::sum);
      }
    }
    Map<String, Map<String, Long>> signals = new HashMap<>();
    for (Row row : rows.find(FigureKind.MODEL, "", from, today)) {
      Map<String, Long> sum = signals.computeIfAbsent(row.key().subject(), v -> new HashMap<>());
      row.fields().forEach((field, value) -> sum.merge(field, value, Long::sum));
    }
    requests.forEach(
        (alias, versions) -> {
          if (versions.size() < 2) {
            latest.remove(alias);
            return;
          }
          List<String> byTraffic =
              versions.entrySet().stream()
                  .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                  .map(Map.Entry::getKey)
                  .collect(Collectors.toList());
          String stable = byTraffic.get(0);
          String canary = byTraffic.get(1);
          judge(
              alias,
              stable,
              canary,
              signals.getOrDefault(stable, Map.of()),
              signals.getOrDefault(canary, Map.of()));
        });
  }

  private void judge(
      String alias, String stable, String canary, Map<String, Long> s, Map<String, Long> c) {
    Map<Signal, Counts> counts = new EnumMap<>(Signal.class);
    counts.put(
        Signal.REGENERATE,
        new Counts(
            get(s, Fields.REGENERATES), get(s, Fields.TURNS),
            get(c, Fields.REGENERATES), get(c, Fields.TURNS)));
    counts.put(
        Signal.LOW_RATING,
        new Counts(
            get(s, Fields.STARS_PREFIX + 1) + get(s, Fields.STARS_PREFIX + 2),
            get(s, Fields.RATINGS),
            get(c, Fields.STARS_PREFIX + 1) + get(c, Fields.STARS_PREFIX + 2),
            get(c, Fields.RATINGS)));
    counts.put(
        Signal.EARLY_ABANDON,
        new Counts(
            get(s, Fields.EARLY_ABANDONED), get(s, Fields.CONVERSATIONS_STARTED),
            get(c, Fields.EARLY_ABANDONED), get(c, Fields.CONVERSATIONS_STARTED)));
    Verdict verdict = guard.judge(counts);
    String decision = verdict.decision().name().toLowerCase(java.util.Locale.ROOT);
    String reason =
        switch (verdict.decision()) {
          case ROLL_BACK ->
              "canary worse on " + verdict.signal().name().toLowerCase(java.util.Locale.ROOT);
          case KEEP -> "canary not worse on any user signal";
          case CONTINUE -> "not enough evidence yet";
        };
    Instant now = clock.instant();
    latest.put(alias, new LatestVerdict(stable, canary, decision, reason, now));
    String decidedKey = alias + "|" + canary;
    if (verdict.decision() != Decision.CONTINUE
        && published.put(decidedKey, verdict.decision()) != verdict.decision()) {
      ModelQualityVerdict published =
          new ModelQualityVerdict(
              ModelQualityVerdict.SCHEMA_VERSION,
              alias,
              stable,
              canary,
              decision,
              reason,
              verdict.logLikelihoodRatio().entrySet().stream()
                  .collect(
                      Collectors.toMap(
                          e -> e.getKey().name().toLowerCase(java.util.Locale.ROOT),
                          Map.Entry::getValue)));
      publisher.accept(
          alias, published.toMessage(UUID.randomUUID().toString(), "/growth-analytics", now));
      log.info("quality verdict on {}: {} ({} vs {}): {}", alias, decision, canary, stable, reason);
    }
  }

  private static long get(Map<String, Long> fields, String field) {
    return fields.getOrDefault(field, 0L);
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = Thread.ofPlatform().daemon().name("quality-guard").start(this::loop);
  }

  private void loop() {
    while (running) {
      try {
        check();
      } catch (RuntimeException e) {
        log.warn("quality guard round failed", e);
      }
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
