package com.companion.gateway;

import com.companion.contracts.events.Topics;
import com.companion.platform.events.ConsumerSettings;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of the model gateway, under {@code gateway.*}.
 *
 * @param qualityVerdicts the consumer of growth-analytics' quality verdicts ({@code
 *     model.quality-verdict}, group {@code model-gateway.quality-verdicts}): a {@code roll_back}
 *     for the current canary rolls it back, {@code keep} is only logged; off, the canary is judged
 *     on latency and errors alone
 * @param accountDeletions the consumer of {@code account.deleted} ({@code account.lifecycle}, group
 *     {@code model-gateway.account-deletions}): a deleted account's API keys are revoked and its id
 *     erased here; off, nothing is erased here when an account is deleted (tests of other features
 *     only)
 * @param serviceCredentials secrets of platform services that call the gateway on their own behalf
 *     or on a user's: service name to secret, sent as {@code X-Service-Key: <name>:<secret>}
 * @param nodeCredential what this gateway presents to the inference nodes, {@code <name>:<secret>}
 *     (sent as {@code X-Service-Key}); required, the nodes refuse callers without it
 */
@ConfigurationProperties("gateway")
public record GatewayProperties(
    @DefaultValue Deployments deployments,
    @DefaultValue Routing routing,
    @DefaultValue Health health,
    @DefaultValue Breaker breaker,
    @DefaultValue Quota quota,
    @DefaultValue Canary canary,
    @DefaultValue ConsumerSettings qualityVerdicts,
    @DefaultValue ConsumerSettings accountDeletions,
    @DefaultValue Admission admission,
    @DefaultValue Callers callers,
    @DefaultValue Safety safety,
    Map<String, String> serviceCredentials,
    String nodeCredential) {

  public GatewayProperties {
    qualityVerdicts =
        qualityVerdicts.orDefaults("model.quality-verdict", "model-gateway.quality-verdicts");
    accountDeletions =
        accountDeletions.orDefaults(Topics.ACCOUNT_LIFECYCLE, "model-gateway.account-deletions");
    serviceCredentials = serviceCredentials == null ? Map.of() : Map.copyOf(serviceCredentials);
    if (nodeCredential == null || nodeCredential.indexOf(':') <= 0) {
      throw new IllegalStateException(
          "gateway.node-credential (<name>:<secret>) is required: the inference nodes refuse"
              + " callers without their credential (the launcher generates one in local mode)");
    }
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
   * @param unreadyAfterMissedChecks active checks in a row that must get no answer at all before a
   *     node counts as not ready (a node that answers "not ready" is out at once)
   */
  public record Health(
      @DefaultValue("2s") Duration interval,
      @DefaultValue("1s") Duration timeout,
      @DefaultValue("3") int ejectAfterFailures,
      @DefaultValue("30s") Duration ejection,
      @DefaultValue("3") int unreadyAfterMissedChecks) {}

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
   * How many streams this replica sends each node at once, and what happens to the rest. A node
   * beyond its batch only queues internally, where the wait counts against the first-token timeout
   * and a slow turn looks like a failing node; here the excess waits in one first-come first-served
   * line instead, and is refused at once (503 with {@code Retry-After}) when that line is full.
   *
   * @param maxStreamsPerNode streams in flight per node from this replica (the node's batch size)
   * @param maxWaiting requests waiting for a free stream before new ones are refused
   * @param maxWait longest wait in line; a request still waiting then is refused, not failed
   * @param retryAfter what a refused caller is told to wait
   */
  public record Admission(
      @DefaultValue("64") int maxStreamsPerNode,
      @DefaultValue("512") int maxWaiting,
      @DefaultValue("20s") Duration maxWait,
      @DefaultValue("2s") Duration retryAfter) {}

  /**
   * Limits for callers that are not (yet) known. A made-up API key costs a database lookup; each
   * client address gets a small budget of failed authentications, and the cache of checked keys is
   * bounded, so guessing keys neither floods the database nor grows memory.
   *
   * @param failedAuthPerMinute failed authentications one client may make per minute
   * @param failedAuthBurst how many of them may come at once
   * @param maxTrackedClients client addresses remembered at once (the least recently seen go)
   * @param maxCachedKeys verified API keys cached at once
   * @param trustedProxies peers whose {@code X-Forwarded-For} names the real client (the edge):
   *     addresses or CIDR ranges
   */
  public record Callers(
      @DefaultValue("30") int failedAuthPerMinute,
      @DefaultValue("10") int failedAuthBurst,
      @DefaultValue("10000") int maxTrackedClients,
      @DefaultValue("10000") int maxCachedKeys,
      @DefaultValue({"127.0.0.0/8", "::1"}) java.util.List<String> trustedProxies) {}

  /**
   * Moderation of what the model writes to a minor who calls the model API directly, through
   * safety-filter's {@code POST /v1/moderations} under that user's own policy.
   *
   * @param url safety-filter's base URL
   * @param timeout one moderation call; a minor gets no unchecked text, so a late answer ends the
   *     reply
   * @param checkEveryChars new characters that make the next check due (the first word is checked
   *     at once)
   * @param maxCheckedChars the tail of the reply each check looks at
   * @param aiNotice the notice sent with every reply to a minor
   */
  public record Safety(
      @DefaultValue("http://127.0.0.1:8083") String url,
      @DefaultValue("3s") Duration timeout,
      @DefaultValue("48") int checkEveryChars,
      @DefaultValue("2000") int maxCheckedChars,
      @DefaultValue(
              "You are talking with an AI. Its replies are written by a computer program,"
                  + " not by a person.")
          String aiNotice) {}

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
