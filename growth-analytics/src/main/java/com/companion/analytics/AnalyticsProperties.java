package com.companion.analytics;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of growth-analytics ({@code analytics.*}).
 *
 * @param applicationId the Kafka Streams application id: instances with the same id share the
 *     partitions; a new id starts over from the beginning of the topics
 * @param stateDir where the state stores live on local disk (one folder per instance)
 * @param grace how late an event may arrive and still count; later ones are dead letters
 * @param sessionGap a pause at least this long ends a session (and an early conversation)
 * @param conversationRetention how long a quiet conversation stays in the state store
 * @param commitInterval how often the stream commits its transaction: figures reach the read model
 *     about this often
 * @param topicPartitions partitions of the topics this service creates when they are missing
 * @param replicationFactor replication of the internal and created topics; -1 is the broker's
 *     default
 * @param streamThreads stream threads of this instance
 * @param standbyReplicas warm copies of each state store on other instances
 * @param streamsEnabled off for an instance that only serves the API
 * @param persistentStores RocksDB state stores on local disk (restart without a full restore); off
 *     keeps them in memory, restored from their changelog topics at start
 */
@ConfigurationProperties("analytics")
public record AnalyticsProperties(
    @DefaultValue("growth-analytics") String applicationId,
    Path stateDir,
    @DefaultValue("48h") Duration grace,
    @DefaultValue("30m") Duration sessionGap,
    @DefaultValue("3d") Duration conversationRetention,
    @DefaultValue("1s") Duration commitInterval,
    @DefaultValue("4") int topicPartitions,
    @DefaultValue("-1") short replicationFactor,
    @DefaultValue("1") int streamThreads,
    @DefaultValue("0") int standbyReplicas,
    @DefaultValue("true") boolean streamsEnabled,
    @DefaultValue("true") boolean persistentStores) {

  public AnalyticsProperties {
    if (stateDir == null) {
      stateDir = Path.of(System.getProperty("java.io.tmpdir"), "growth-analytics", applicationId);
    }
  }
}
