package com.companion.contracts.events;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Data of growth-analytics' quality guard verdict on a model canary, schema version 1, on topic
 * {@link #TOPIC} (key: the alias): users like the canary less than the stable version ({@link
 * #ROLL_BACK}), or no worse on any signal ({@link #KEEP}). The guard writes it and model-gateway
 * acts on it, both through this record, so the two cannot drift apart.
 *
 * @param logLikelihoodRatio per user signal, the sequential test's statistic that decided
 */
public record ModelQualityVerdict(
    Integer schemaVersion,
    String alias,
    String stableVersion,
    String canaryVersion,
    String decision,
    String reason,
    Map<String, Double> logLikelihoodRatio) {

  public static final int SCHEMA_VERSION = 1;
  public static final String TOPIC = "model.quality-verdict";
  public static final String TYPE = "model.quality.verdict";
  public static final String ROLL_BACK = "roll_back";
  public static final String KEEP = "keep";

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          // fields a later guard adds must not turn its verdicts into unreadable ones
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  /** A verdict as it was published, with the CloudEvents {@code id} it is de-duplicated by. */
  public record Published(String eventId, ModelQualityVerdict verdict) {}

  /** The CloudEvent JSON that publishes this verdict. */
  public String toMessage(String eventId, String source, Instant time) {
    return JSON.writeValueAsString(
        new CloudEvent(
            CloudEvent.SPEC_VERSION,
            eventId,
            source,
            TYPE,
            time,
            "models/" + alias,
            CloudEvent.JSON_CONTENT,
            null,
            null,
            JSON.valueToTree(this)));
  }

  /**
   * Reads one message of the topic: empty for another type of event.
   *
   * @throws IllegalArgumentException when the message does not parse or a verdict has no data
   */
  public static Optional<Published> read(String message) {
    try {
      CloudEvent event = JSON.readValue(message, CloudEvent.class);
      if (!TYPE.equals(event.type())) {
        return Optional.empty();
      }
      if (event.data() == null) {
        throw new IllegalArgumentException("a quality verdict without data");
      }
      return Optional.of(
          new Published(event.id(), JSON.treeToValue(event.data(), ModelQualityVerdict.class)));
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "unreadable quality verdict: " + e.getOriginalMessage(), e);
    }
  }

  /** Why this verdict cannot be acted on, or null when it can. */
  public String defect() {
    if (!Integer.valueOf(SCHEMA_VERSION).equals(schemaVersion)) {
      return "schema_version " + schemaVersion + " is not " + SCHEMA_VERSION;
    }
    if (isBlank(alias) || isBlank(stableVersion) || isBlank(canaryVersion)) {
      return "alias, stable_version and canary_version are required";
    }
    if (stableVersion.equals(canaryVersion)) {
      return "canary_version is the stable version";
    }
    if (!ROLL_BACK.equals(decision) && !KEEP.equals(decision)) {
      return "decision '" + decision + "'";
    }
    return null;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
