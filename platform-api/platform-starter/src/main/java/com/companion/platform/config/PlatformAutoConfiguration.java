package com.companion.platform.config;

import com.companion.contracts.events.Pseudonyms;
import com.companion.platform.auth.AuthProperties;
import com.companion.platform.auth.JwtProperties;
import com.companion.platform.auth.TokenVerifier;
import com.companion.platform.outbox.Outbox;
import com.companion.platform.outbox.OutboxProperties;
import com.companion.platform.outbox.OutboxRelay;
import com.companion.platform.web.BearerAuthWebFilter;
import com.companion.platform.web.LazyConnectionGuard;
import com.companion.platform.web.PrincipalArgumentResolver;
import com.companion.platform.web.ProblemWebExceptionHandler;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import reactor.core.publisher.Mono;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** Wires the shared contracts into every service: token checks, problem+json, the outbox. */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"
    })
@EnableConfigurationProperties({JwtProperties.class, AuthProperties.class, OutboxProperties.class})
public class PlatformAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  @ConditionalOnMissingBean
  TokenVerifier tokenVerifier(JwtProperties properties, Environment environment) {
    RepositorySecretGuard.check(environment);
    return new TokenVerifier(properties);
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  static class ReactiveWeb {

    @Bean
    BearerAuthWebFilter bearerAuthWebFilter(TokenVerifier verifier, AuthProperties properties) {
      return new BearerAuthWebFilter(verifier, properties);
    }

    @Bean
    ProblemWebExceptionHandler problemWebExceptionHandler() {
      return new ProblemWebExceptionHandler();
    }

    @Bean
    WebFluxConfigurer principalArgumentConfigurer() {
      return new WebFluxConfigurer() {
        @Override
        public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
          configurer.addCustomResolver(new PrincipalArgumentResolver());
        }
      };
    }
  }

  /**
   * The one guard of a reactive service's Redis connection (see {@link LazyConnectionGuard}), which
   * opens the connection off the event loop as the service starts.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(
      name = "org.springframework.data.redis.connection.ReactiveRedisConnectionFactory")
  @ConditionalOnBean(
      type = "org.springframework.data.redis.connection.ReactiveRedisConnectionFactory")
  static class RedisConnection {

    @Bean
    @ConditionalOnMissingBean
    LazyConnectionGuard redisConnectionGuard(ReactiveRedisConnectionFactory redis) {
      LazyConnectionGuard guard = new LazyConnectionGuard();
      guard.connectInBackground(
          () ->
              Mono.usingWhen(
                  Mono.fromCallable(redis::getReactiveConnection),
                  ReactiveRedisConnection::ping,
                  ReactiveRedisConnection::closeLater),
          Duration.ofMillis(250),
          Duration.ofSeconds(10));
      return guard;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.jdbc.core.JdbcTemplate")
  @ConditionalOnBean(DataSource.class)
  @ConditionalOnProperty("platform.outbox.schema")
  static class OutboxConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Outbox outbox(DataSource dataSource, OutboxProperties properties, Clock clock) {
      JsonMapper json =
          JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
      return new Outbox(
          dataSource,
          properties.schema(),
          properties.source(),
          new Pseudonyms(properties.pseudonymKey()),
          json,
          clock);
    }

    @Bean
    @ConditionalOnClass(name = "org.apache.kafka.clients.producer.KafkaProducer")
    @ConditionalOnProperty("platform.kafka.bootstrap-servers")
    @ConditionalOnBooleanProperty(name = "platform.outbox.relay-enabled", matchIfMissing = true)
    OutboxRelay outboxRelay(
        DataSource dataSource,
        Outbox outbox,
        OutboxProperties properties,
        @Value("${platform.kafka.bootstrap-servers}") String bootstrapServers) {
      OutboxRelay relay =
          new OutboxRelay(
              dataSource,
              bootstrapServers,
              properties.schema(),
              properties.batchSize(),
              properties.pollInterval(),
              properties.gatherDelay());
      outbox.whenCommitted(relay::wake);
      return relay;
    }
  }
}
