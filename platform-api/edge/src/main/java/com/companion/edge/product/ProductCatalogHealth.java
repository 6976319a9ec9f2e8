package com.companion.edge.product;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Part of readiness: until the product table has been read once, no authenticated request can be
 * served, so the replica should not receive traffic. Later refresh failures keep the last good
 * snapshot and do not make the replica unready.
 */
public final class ProductCatalogHealth implements HealthIndicator {

  private final ProductCatalog catalog;

  public ProductCatalogHealth(ProductCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public Health health() {
    return catalog.isLoaded()
        ? Health.up().build()
        : Health.down().withDetail("reason", "platform.products not read yet").build();
  }
}
