package com.companion.edge;

import com.companion.contracts.events.Topics;
import com.companion.platform.events.ConsumerSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the edge. Upstream URLs are used for scheme, host and port only; the request path is
 * forwarded as it came in.
 *
 * @param characterServiceUrl characters, personas and {@code /v1/me/**}
 * @param chatServiceUrl conversations
 * @param safetyFilterUrl moderations, reports, the moderation queue, lexicons and policies
 * @param modelGatewayUrl the OpenAI-compatible model API and its admin paths
 * @param growthAnalyticsUrl the analytics API, for the analyst and admin roles only
 * @param identityServiceUrl accounts, sign-in (OAuth 2.1, discovery, JWKS), guardians, deletion
 * @param deletedAccountMemory how long a deleted account's tokens are refused: at least the longest
 *     lifetime of a token the edge accepts
 * @param accountDeletions the consumer of {@code account.deleted} ({@code account.lifecycle}, group
 *     {@code edge.account-deletions})
 */
@ConfigurationProperties("edge")
public record EdgeProperties(
    @DefaultValue("http://127.0.0.1:8081") URI characterServiceUrl,
    @DefaultValue("http://127.0.0.1:8082") URI chatServiceUrl,
    @DefaultValue("http://127.0.0.1:8083") URI safetyFilterUrl,
    @DefaultValue("http://127.0.0.1:8084") URI modelGatewayUrl,
    @DefaultValue("http://127.0.0.1:8086") URI identityServiceUrl,
    @DefaultValue("http://127.0.0.1:8087") URI growthAnalyticsUrl,
    @DefaultValue Cors cors,
    @DefaultValue BodyLimits bodyLimits,
    @DefaultValue RateLimit rateLimit,
    @DefaultValue Products products,
    @DefaultValue Events events,
    @DefaultValue("24h") Duration deletedAccountMemory,
    @DefaultValue ConsumerSettings accountDeletions) {

  public EdgeProperties {
    accountDeletions =
        accountDeletions.orDefaults(Topics.ACCOUNT_LIFECYCLE, "edge.account-deletions");
  }

  /**
   * @param allowedOrigins origins allowed for every product (the web console); each product's
   *     {@code allowed_origins} column adds its own
   * @param maxAge how long browsers may cache a preflight answer
   */
  public record Cors(
      @DefaultValue List<String> allowedOrigins, @DefaultValue("1h") Duration maxAge) {}

  /**
   * @param standard limit for every request body that is not an image (JSON above all)
   * @param image limit for {@code image/*} bodies: card PNG imports and avatars
   */
  public record BodyLimits(
      @DefaultValue("1MB") DataSize standard, @DefaultValue("8MB") DataSize image) {}

  /**
   * @param enabled off only for load tests of the services behind the edge
   * @param redisTimeout how long a request waits for Redis before the limiter fails open
   * @param apiKeyRequestsPerMinute refill of the bucket of one API key (the model gateway applies
   *     its own per-key quotas on top)
   * @param apiKeyBurst capacity of the bucket of one API key
   * @param keyPrefix Redis key prefix of the buckets
   */
  public record RateLimit(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("250ms") Duration redisTimeout,
      @DefaultValue("600") int apiKeyRequestsPerMinute,
      @DefaultValue("100") int apiKeyBurst,
      @DefaultValue("edge:rl:") String keyPrefix) {}

  /**
   * @param refreshInterval how often the product table is re-read
   */
  public record Products(@DefaultValue("30s") Duration refreshInterval) {}

  /**
   * @param maxBatchSize events per {@code POST /v1/events}
   * @param maxEventSize serialised size of one event's {@code properties}
   * @param maxAge oldest accepted event {@code time} (apps queue events while offline)
   * @param maxClockAhead how far in the future a device clock may be
   */
  public record Events(
      @DefaultValue("100") int maxBatchSize,
      @DefaultValue("8KB") DataSize maxEventSize,
      @DefaultValue("7d") Duration maxAge,
      @DefaultValue("5m") Duration maxClockAhead) {}
}
