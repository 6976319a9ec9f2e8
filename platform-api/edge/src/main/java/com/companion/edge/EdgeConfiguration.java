package com.companion.edge;

import com.companion.contracts.events.Pseudonyms;
import com.companion.edge.access.EdgeAccessFilter;
import com.companion.edge.events.ClientEventRecorder;
import com.companion.edge.events.ClientEventValidator;
import com.companion.edge.http.BodySizeLimitFilter;
import com.companion.edge.http.ProductAwareCorsFilter;
import com.companion.edge.http.RequestIdDecorator;
import com.companion.edge.http.SecurityHeadersDecorator;
import com.companion.edge.product.ProductCatalog;
import com.companion.edge.product.ProductCatalogHealth;
import com.companion.edge.ratelimit.TokenBucketRateLimiter;
import com.companion.edge.routing.EdgeRoutes;
import com.companion.edge.routing.UpstreamFailureFilter;
import com.companion.platform.auth.AuthProperties;
import com.companion.platform.outbox.Outbox;
import com.companion.platform.outbox.OutboxProperties;
import com.companion.platform.web.LazyConnectionGuard;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the edge: the filters in {@link com.companion.edge.http.EdgeFilterOrder}, routes, events.
 */
@Configuration(proxyBeanMethods = false)
class EdgeConfiguration {

  @Bean
  RequestIdDecorator requestIdDecorator() {
    return new RequestIdDecorator();
  }

  @Bean
  SecurityHeadersDecorator securityHeadersDecorator() {
    return new SecurityHeadersDecorator();
  }

  @Bean
  ProductCatalog productCatalog(DataSource dataSource, EdgeProperties properties) {
    return new ProductCatalog(dataSource, properties.products().refreshInterval());
  }

  /** Named {@code products}: the readiness group includes it. */
  @Bean("products")
  ProductCatalogHealth productCatalogHealth(ProductCatalog catalog) {
    return new ProductCatalogHealth(catalog);
  }

  @Bean
  ProductAwareCorsFilter productAwareCorsFilter(EdgeProperties properties, ProductCatalog catalog) {
    return new ProductAwareCorsFilter(properties.cors(), catalog);
  }

  @Bean
  BodySizeLimitFilter bodySizeLimitFilter(EdgeProperties properties) {
    return new BodySizeLimitFilter(properties.bodyLimits());
  }

  @Bean
  EdgeAccessFilter edgeAccessFilter(
      ProductCatalog catalog, AuthProperties auth, EdgeProperties properties) {
    return new EdgeAccessFilter(catalog, auth, properties.rateLimit());
  }

  @Bean
  TokenBucketRateLimiter tokenBucketRateLimiter(
      ReactiveStringRedisTemplate redis,
      LazyConnectionGuard connection,
      Clock clock,
      MeterRegistry meters,
      EdgeProperties properties) {
    return new TokenBucketRateLimiter(
        redis,
        connection,
        clock,
        meters,
        properties.rateLimit().redisTimeout(),
        properties.rateLimit().keyPrefix());
  }

  @Bean
  ApplicationListener<ApplicationReadyEvent> rateLimiterWarmUp(TokenBucketRateLimiter limiter) {
    return event -> limiter.warmUp().subscribe();
  }

  @Bean
  RouteLocator edgeRoutes(RouteLocatorBuilder builder, EdgeProperties properties) {
    return EdgeRoutes.of(builder, properties);
  }

  @Bean
  UpstreamFailureFilter upstreamFailureFilter() {
    return new UpstreamFailureFilter();
  }

  @Bean
  ClientEventValidator clientEventValidator(EdgeProperties properties, Clock clock) {
    return new ClientEventValidator(properties.events(), clock);
  }

  @Bean
  ClientEventRecorder clientEventRecorder(
      Outbox outbox, PlatformTransactionManager transactionManager, OutboxProperties outboxProps) {
    return new ClientEventRecorder(
        outbox,
        new TransactionTemplate(transactionManager),
        new Pseudonyms(outboxProps.pseudonymKey()));
  }
}
