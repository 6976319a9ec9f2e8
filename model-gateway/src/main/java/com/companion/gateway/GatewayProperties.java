package com.companion.gateway;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of the model gateway, under {@code gateway.*}.
 *
 * @param serviceCredentials secrets of platform services that call the gateway on their own behalf
 *     or on a user's: service name to secret, sent as {@code X-Service-Key: <name>:<secret>}
 */
@ConfigurationProperties("gateway")
public record GatewayProperties(
    @DefaultValue Deployments deployments,
    @DefaultValue Routing routing,
    @DefaultValue Health health,
    @DefaultValue Breaker breaker,
    @DefaultValue Quota quota,
    @DefaultValue Canary canary,
    Map<String, String> serviceCredentials) {

  public GatewayProperties {
    serviceCredentials = serviceCredentials == null ? Map.of() : Map.copyOf(serviceCredentials);
  }

  /**
   * @param refreshInterval how often each replica reloads aliases and versions from PostgreSQL; the
   *     upper bound on how long an admin change takes to reach every replica
   */
  public record Deployments(@DefaultValue("2s") Duration refreshInterval) {}

  /**
   * @param maxAttempts nodes tried for one request before the first token (1 = no failover)
   * @param affinityLoadFactor bounded-load factor of prefix affinity: the preferred node is skipped
   *     when its load exceeds this multiple of the pool's mean load
   * @param connectTimeout TCP connect timeout towards a node
   * @param ttftTimeout how long a node may take to send its first token
   * @param idleTimeout longest silence between two tokens once a stream runs
   */
  public record Routing(
      @DefaultValue("3") int maxAttempts,
      @DefaultValue("1.25") double affinityLoadFactor,
      @DefaultValue("1s") Duration connectTimeout,
      @DefaultValue("30s") Duration ttftTimeout,
      @DefaultValue("30s") Duration idleTimeout) {}

  /**
   * @param interval period of the active {@code /ready} and {@code /metrics} checks of every node
   * @param timeout timeout of one check
   * @param ejectAfterFailures consecutive request failures that eject a node
   * @param ejection how long an ejected node stays out; after it, the next ready answer to the
   *     active check brings it back
   */
  public record Health(
      @DefaultValue("2s") Duration interval,
      @DefaultValue("1s") Duration timeout,
      @DefaultValue("3") int ejectAfterFailures,
      @DefaultValue("30s") Duration ejection) {}

  /**
   * @param failureThreshold consecutive failures that open a node's circuit
   * @param openDuration how long an open circuit rejects before letting one probe request through
   */
  public record Breaker(
      @DefaultValue("5") int failureThreshold, @DefaultValue("10s") Duration openDuration) {}

  /**
   * Default limits; an API key may carry its own. A limit of 0 means unlimited.
   *
   * @param keyCacheTtl how long a replica trusts its cached view of an API key (a revoked key stops
   *     working on other replicas within this time)
   */
  public record Quota(
      @DefaultValue("60") int userRequestsPerMinute,
      @DefaultValue("60000") int userTokensPerMinute,
      @DefaultValue("600") int keyRequestsPerMinute,
      @DefaultValue("600000") int keyTokensPerMinute,
      @DefaultValue("30s") Duration keyCacheTtl) {}

  /**
   * @param window length of the sliding window over which stable and canary are compared
   * @param minSamples requests each version needs in the window before any verdict
   * @param errorRateMargin absolute error-rate excess (0.05 = 5 points) that rolls a canary back
   * @param ttftP95Margin relative TTFT p95 excess (0.5 = 50% slower) that rolls a canary back
   */
  public record Canary(
      @DefaultValue("5m") Duration window,
      @DefaultValue("50") int minSamples,
      @DefaultValue("0.05") double errorRateMargin,
      @DefaultValue("0.5") double ttftP95Margin) {}
}
