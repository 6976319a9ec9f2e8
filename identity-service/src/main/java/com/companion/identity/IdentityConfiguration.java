package com.companion.identity;

import com.companion.contracts.events.Pseudonyms;
import com.companion.identity.access.AccessTokens;
import com.companion.identity.access.CallerArgumentResolver;
import com.companion.identity.account.PasswordPolicy;
import com.companion.identity.keys.RotationPlan;
import com.companion.identity.keys.SigningKeys;
import com.companion.identity.throttle.AttemptThrottle;
import com.companion.identity.web.ClientAddress;
import com.companion.platform.auth.JwtProperties;
import com.companion.platform.auth.TokenVerifier;
import com.companion.platform.outbox.OutboxProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The service's own beans; the authorization server's are in the oauth package. */
@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

  /** ID tokens live 30 minutes by Spring Authorization Server's default; keys outlive both. */
  private static final Duration ID_TOKEN_LIFETIME = Duration.ofMinutes(30);

  /** Room for verifiers' clock skew and JWKS caches after the last token expires. */
  private static final Duration RETIREMENT_MARGIN = Duration.ofMinutes(10);

  @Bean
  ClientAddress clientAddress() {
    return new ClientAddress();
  }

  /**
   * Opens the Redis connection at start-up rather than on the first sign-up, which would otherwise
   * pay for it (and, on a loaded machine, time out). Failure is only logged: readiness reports
   * Redis.
   */
  @Bean
  ApplicationListener<ApplicationReadyEvent> redisWarmUp(StringRedisTemplate redis) {
    return event -> {
      try {
        redis.hasKey("identity:warm-up");
      } catch (RuntimeException e) {
        LoggerFactory.getLogger(IdentityConfiguration.class)
            .warn("Redis is not reachable yet: {}", e.toString());
      }
    };
  }

  @Bean
  AttemptThrottle attemptThrottle(StringRedisTemplate redis, IdentityProperties properties) {
    return new AttemptThrottle(redis, properties.throttle());
  }

  @Bean
  PasswordPolicy passwordPolicy() {
    return PasswordPolicy.withShippedList();
  }

  /** bcrypt today, behind an {@code {id}} prefix so that hashes can move to Argon2 on sign-in. */
  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  Pseudonyms pseudonyms(OutboxProperties outbox) {
    return new Pseudonyms(outbox.pseudonymKey());
  }

  @Bean
  SigningKeys signingKeys(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      IdentityProperties properties,
      Clock clock) {
    Duration access = properties.tokens().accessTokenTimeToLive();
    Duration lifetime = (access.compareTo(ID_TOKEN_LIFETIME) > 0 ? access : ID_TOKEN_LIFETIME);
    RotationPlan plan =
        new RotationPlan(
            properties.keys().rotationPeriod(),
            properties.keys().publishAhead(),
            lifetime.plus(RETIREMENT_MARGIN));
    SigningKeys keys =
        new SigningKeys(jdbc, transactions, properties.keys().encryptionSecret(), plan, clock);
    keys.maintain();
    return keys;
  }

  @Bean
  AccessTokens accessTokens(
      SigningKeys keys,
      IdentityProperties properties,
      TokenVerifier platformTokens,
      JwtProperties jwt) {
    return new AccessTokens(
        keys,
        properties.issuer(),
        properties.audience(),
        platformTokens,
        "HS256".equalsIgnoreCase(jwt.algorithm()));
  }

  @Bean
  WebMvcConfigurer callerArgument() {
    return new WebMvcConfigurer() {
      @Override
      public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
      }
    };
  }
}
