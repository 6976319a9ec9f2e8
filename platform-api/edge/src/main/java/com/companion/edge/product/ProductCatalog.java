package com.companion.edge.product;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The products of {@code platform.products}, held in memory and re-read periodically, so a request
 * never waits for the database to learn its product. A product added or disabled takes effect
 * within one refresh interval.
 */
public final class ProductCatalog implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ProductCatalog.class);

  private final JdbcClient jdbc;
  private final Duration refreshInterval;
  private volatile Snapshot snapshot;
  private Disposable refresher;

  private record Snapshot(Map<String, Product> products, Set<String> allowedOrigins) {}

  public ProductCatalog(DataSource dataSource, Duration refreshInterval) {
    this.jdbc = JdbcClient.create(dataSource);
    this.refreshInterval = refreshInterval;
  }

  /** The product if it exists and is enabled. */
  public Optional<Product> enabled(String id) {
    Snapshot current = snapshot;
    if (current == null || id == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(current.products().get(id)).filter(Product::enabled);
  }

  /** Whether the table has been read at least once; until then no product can be resolved. */
  public boolean isLoaded() {
    return snapshot != null;
  }

  /** The browser origins of all enabled products. */
  public Set<String> allowedOrigins() {
    Snapshot current = snapshot;
    return current == null ? Set.of() : current.allowedOrigins();
  }

  /** Reads the table now (blocking). */
  public void refresh() {
    List<Product> rows =
        jdbc.sql(
                "select id, enabled, requests_per_minute, burst, allowed_origins"
                    + " from platform.products")
            .query((rs, n) -> product(rs))
            .list();
    Map<String, Product> byId =
        rows.stream().collect(Collectors.toUnmodifiableMap(Product::id, Function.identity()));
    Set<String> origins = new LinkedHashSet<>();
    rows.stream().filter(Product::enabled).forEach(p -> origins.addAll(p.allowedOrigins()));
    snapshot = new Snapshot(byId, Set.copyOf(origins));
  }

  private static Product product(ResultSet rs) throws SQLException {
    Array origins = rs.getArray("allowed_origins");
    List<String> allowed =
        origins == null ? List.of() : Arrays.asList((String[]) origins.getArray());
    return new Product(
        rs.getString("id"),
        rs.getBoolean("enabled"),
        rs.getInt("requests_per_minute"),
        rs.getInt("burst"),
        allowed);
  }

  /**
   * Reads the table once before the edge takes requests, so that the first request after start-up
   * finds the products, then again every refresh interval (a second after start-up when that first
   * read failed).
   */
  @Override
  public void start() {
    refreshLogged();
    Duration first = isLoaded() ? refreshInterval : Duration.ofSeconds(1);
    refresher =
        Flux.interval(first, refreshInterval, Schedulers.boundedElastic())
            .onBackpressureDrop()
            .concatMap(tick -> Mono.fromRunnable(this::refreshLogged))
            .subscribe();
  }

  /** A refresh that keeps the last good snapshot when the table cannot be read. */
  private void refreshLogged() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // before the first snapshot, authenticated requests get 503
      log.warn("cannot read platform.products: {}", e.toString());
    }
  }

  @Override
  public void stop() {
    if (refresher != null) {
      refresher.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    return refresher != null && !refresher.isDisposed();
  }
}
