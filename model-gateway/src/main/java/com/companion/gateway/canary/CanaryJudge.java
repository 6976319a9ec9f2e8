package com.companion.gateway.canary;

import com.companion.contracts.events.ModelCanaryDecision;
import com.companion.gateway.GatewayProperties;
import com.companion.gateway.deployment.DeploymentCatalog;
import com.companion.gateway.deployment.ModelAlias;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Watches stable and canary of every alias over a sliding window and rolls the canary back when its
 * error rate exceeds the stable one by more than the configured absolute margin, or its TTFT p95 by
 * more than the relative margin. Each replica judges the traffic it routed; the rollback is a
 * conditional update in PostgreSQL, so when several replicas reach the verdict only the first
 * writes the decision and its event. Verdicts from outside the window (growth-analytics' quality
 * guard, see {@link QualityVerdictIntake}) roll back through {@link #rollBack} and the same update.
 */
@Component
public class CanaryJudge {

  private static final Logger log = LoggerFactory.getLogger(CanaryJudge.class);

  /** The actor of the judge's own rollbacks, in decisions and their events. */
  public static final String AUTO = "auto";

  /** The actor of rollbacks on growth-analytics' quality verdict. */
  public static final String QUALITY_GUARD = "quality-guard";

  private final GatewayProperties.Canary settings;
  private final DeploymentCatalog catalog;
  private final Clock clock;
  private final Map<String, SlidingWindow> windows = new ConcurrentHashMap<>();
  private final Set<String> rollingBack = ConcurrentHashMap.newKeySet();

  public CanaryJudge(GatewayProperties properties, DeploymentCatalog catalog, Clock clock) {
    this.settings = properties.canary();
    this.catalog = catalog;
    this.clock = clock;
  }

  /** Records one attempt's outcome on a version; judges the canary when the sample is its. */
  public void record(String aliasName, String version, boolean ok, Long ttftMs) {
    ModelAlias alias = catalog.find(aliasName).orElse(null);
    if (alias == null || !alias.hasCanary()) {
      return;
    }
    if (!version.equals(alias.canaryVersion()) && !version.equals(alias.stableVersion())) {
      return;
    }
    window(aliasName, version).add(clock.instant(), ok, ttftMs);
    if (version.equals(alias.canaryVersion())) {
      judge(alias);
    }
  }

  /** The current window figures of a version on this replica. */
  public WindowStats stats(String alias, String version) {
    return window(alias, version).stats(clock.instant());
  }

  /** Forgets an alias's windows, e.g. when a new canary starts. */
  public void reset(String alias) {
    windows.keySet().removeIf(key -> key.startsWith(alias + "\u0000"));
  }

  private void judge(ModelAlias alias) {
    Instant now = clock.instant();
    WindowStats stable = window(alias.alias(), alias.stableVersion()).stats(now);
    WindowStats canary = window(alias.alias(), alias.canaryVersion()).stats(now);
    if (stable.samples() < settings.minSamples() || canary.samples() < settings.minSamples()) {
      return;
    }
    String reason = null;
    if (canary.errorRate() > stable.errorRate() + settings.errorRateMargin()) {
      reason =
          String.format(
              Locale.ROOT,
              "error rate %.3f exceeds stable %.3f by more than %.3f",
              canary.errorRate(),
              stable.errorRate(),
              settings.errorRateMargin());
    } else if (canary.ttftP95Ms() != null
        && stable.ttftP95Ms() != null
        && canary.ttftP95Ms() > stable.ttftP95Ms() * (1 + settings.ttftP95Margin())) {
      reason =
          String.format(
              Locale.ROOT,
              "TTFT p95 %.0f ms exceeds stable %.0f ms by more than %.0f%%",
              canary.ttftP95Ms(),
              stable.ttftP95Ms(),
              settings.ttftP95Margin() * 100);
    }
    if (reason == null || !rollingBack.add(alias.alias())) {
      return;
    }
    ModelCanaryDecision decision =
        rolledBack(
            alias.alias(),
            alias.stableVersion(),
            alias.canaryVersion(),
            reason,
            AUTO,
            stable,
            canary);
    log.warn("rolling back canary {} of {}: {}", alias.canaryVersion(), alias.alias(), reason);
    catalog
        .applyCanaryDecision(alias.canaryVersion(), alias.stableVersion(), null, 0, decision)
        .doFinally(
            signal -> {
              reset(alias.alias());
              rollingBack.remove(alias.alias());
            })
        .subscribe(
            applied ->
                log.info(
                    "canary decision {} for {}: {}",
                    decision.decisionId(),
                    alias.alias(),
                    applied ? "rolled back" : "already changed elsewhere"),
            error -> log.error("canary rollback of {} failed", alias.alias(), error));
  }

  /**
   * Rolls back the canary of an alias on a verdict reached elsewhere (the quality guard), through
   * the same conditional update as the window's own rollbacks: the decision and its event are
   * written only if {@code canaryVersion} is still the canary over {@code stableVersion}. Blocking,
   * and part of the caller's transaction if it has one; the caller refreshes the catalog after its
   * commit. The decision carries no window figures: the verdict was not based on them.
   *
   * @param actor who decided, e.g. {@link #QUALITY_GUARD}
   * @return true if this call rolled the canary back; false if it was no longer that canary (rolled
   *     back, promoted or replaced), in which case nothing is written
   */
  public boolean rollBack(
      String aliasName, String stableVersion, String canaryVersion, String reason, String actor) {
    if (canaryVersion == null || stableVersion == null || canaryVersion.equals(stableVersion)) {
      // a null expected canary would match an alias with no canary at all
      throw new IllegalArgumentException("a rollback names a canary and a different stable");
    }
    ModelCanaryDecision decision =
        rolledBack(aliasName, stableVersion, canaryVersion, reason, actor, null, null);
    boolean applied =
        catalog.applyCanaryDecisionBlocking(canaryVersion, stableVersion, null, 0, decision);
    if (applied) {
      reset(aliasName);
    }
    return applied;
  }

  private static ModelCanaryDecision rolledBack(
      String alias,
      String stableVersion,
      String canaryVersion,
      String reason,
      String actor,
      WindowStats stable,
      WindowStats canary) {
    return new ModelCanaryDecision(
        ModelCanaryDecision.SCHEMA_VERSION,
        UUID.randomUUID().toString(),
        alias,
        stableVersion,
        canaryVersion,
        "rolled_back",
        reason,
        actor,
        stable == null ? null : stable.samples(),
        canary == null ? null : canary.samples(),
        stable == null ? null : stable.errorRate(),
        canary == null ? null : canary.errorRate(),
        stable == null ? null : stable.ttftP95Ms(),
        canary == null ? null : canary.ttftP95Ms());
  }

  private SlidingWindow window(String alias, String version) {
    return windows.computeIfAbsent(
        alias + "\u0000" + version, key -> new SlidingWindow(settings.window()));
  }
}
