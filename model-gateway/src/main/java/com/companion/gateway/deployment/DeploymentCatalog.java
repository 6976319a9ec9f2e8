package com.companion.gateway.deployment;

import com.companion.contracts.events.ModelCanaryDecision;
import com.companion.gateway.GatewayProperties;
import com.companion.gateway.deployment.internal.DeploymentRepository;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The deployments every request is routed by, cached in memory and reloaded from PostgreSQL on a
 * short period, so an admin change on one replica reaches all replicas without a restart. The
 * request path never touches the database.
 */
@Component
public class DeploymentCatalog implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(DeploymentCatalog.class);

  private final DeploymentRepository repository;
  private final GatewayProperties properties;
  private final AtomicReference<Map<String, ModelAlias>> aliases = new AtomicReference<>(Map.of());
  private volatile Disposable refresher;

  public DeploymentCatalog(DeploymentRepository repository, GatewayProperties properties) {
    this.repository = repository;
    this.properties = properties;
  }

  public Optional<ModelAlias> find(String alias) {
    return Optional.ofNullable(aliases.get().get(alias));
  }

  public Collection<ModelAlias> all() {
    return aliases.get().values();
  }

  /** Reloads now (after an admin change on this replica) instead of waiting for the period. */
  public Mono<Void> refresh() {
    return Mono.fromRunnable(this::reload).subscribeOn(Schedulers.boundedElastic()).then();
  }

  public Mono<Void> putVersion(ModelVersion version, String description) {
    return run(() -> repository.putVersion(version, description)).then(refresh());
  }

  public Mono<Boolean> updateAlias(String alias, String description, String stableVersion) {
    return blocking(() -> repository.updateAlias(alias, description, stableVersion))
        .flatMap(changed -> refresh().thenReturn(changed));
  }

  public Mono<Boolean> deleteVersion(String alias, String version) {
    return blocking(() -> repository.deleteVersion(alias, version))
        .flatMap(changed -> refresh().thenReturn(changed));
  }

  public Mono<Boolean> deleteAlias(String alias) {
    return blocking(() -> repository.deleteAlias(alias))
        .flatMap(changed -> refresh().thenReturn(changed));
  }

  /** See {@link DeploymentRepository#applyCanaryDecision}. */
  public Mono<Boolean> applyCanaryDecision(
      String expectedCanary,
      String newStable,
      String newCanary,
      double newWeight,
      ModelCanaryDecision decision) {
    return blocking(
            () ->
                repository.applyCanaryDecision(
                    expectedCanary, newStable, newCanary, newWeight, decision))
        .flatMap(applied -> refresh().thenReturn(applied));
  }

  /**
   * {@link #applyCanaryDecision}, blocking, for callers off the event loops. It joins the caller's
   * transaction, so a consumer can record the event it handles in the same commit; the cached view
   * catches up on {@link #refresh()} after that commit, or on the next periodic reload.
   */
  public boolean applyCanaryDecisionBlocking(
      String expectedCanary,
      String newStable,
      String newCanary,
      double newWeight,
      ModelCanaryDecision decision) {
    return repository.applyCanaryDecision(
        expectedCanary, newStable, newCanary, newWeight, decision);
  }

  public Mono<List<CanaryDecisionView>> decisions(String alias, int limit) {
    return blocking(() -> repository.decisions(alias, limit));
  }

  private synchronized void reload() {
    // serialised, so a periodic load that read before an admin commit cannot land after the
    // reload that follows the commit
    aliases.set(Map.copyOf(repository.loadAll()));
  }

  private static <T> Mono<T> blocking(java.util.concurrent.Callable<T> call) {
    return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
  }

  private static Mono<Void> run(Runnable run) {
    return Mono.fromRunnable(run).subscribeOn(Schedulers.boundedElastic()).then();
  }

  @Override
  public void start() {
    try {
      reload();
    } catch (RuntimeException e) {
      log.warn("deployments not loaded at start, retrying in the background: {}", e.getMessage());
    }
    refresher =
        Flux.interval(properties.deployments().refreshInterval(), Schedulers.boundedElastic())
            .onBackpressureDrop()
            .subscribe(
                tick -> {
                  try {
                    reload();
                  } catch (RuntimeException e) {
                    // keep serving the last good view: a database hiccup must not stop traffic
                    log.warn("deployment refresh failed: {}", e.getMessage());
                  }
                });
  }

  @Override
  public void stop() {
    if (refresher != null) {
      refresher.dispose();
    }
  }

  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 100;
  }

  @Override
  public boolean isRunning() {
    return refresher != null && !refresher.isDisposed();
  }
}
