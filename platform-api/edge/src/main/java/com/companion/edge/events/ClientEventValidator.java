package com.companion.edge.events;

import com.companion.edge.EdgeProperties;
import com.companion.platform.web.PlatformProblem;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Checks a batch of client events. The batch is all or nothing: one bad event rejects it with a 400
 * naming the event ({@code field}: {@code events[3].time}), so an app's retry logic does not have
 * to work out which half was stored.
 */
public final class ClientEventValidator {

  /** Dotted, dashed or underscored identifiers such as {@code paywall.shown}; no free text. */
  static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,63}");

  /** UUIDs, ULIDs and the like. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final EdgeProperties.Events limits;
  private final Clock clock;
  private final JsonMapper json = JsonMapper.builder().build();

  public ClientEventValidator(EdgeProperties.Events limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  /** A checked event, ready to be written. */
  public record Valid(String id, String name, Instant time, JsonNode properties) {}

  public List<Valid> validate(ClientEventBatch batch) {
    if (batch == null || batch.events() == null || batch.events().isEmpty()) {
      throw PlatformProblem.badRequest("events must be a non-empty array").with("field", "events");
    }
    if (batch.events().size() > limits.maxBatchSize()) {
      throw PlatformProblem.badRequest(
              "at most "
                  + limits.maxBatchSize()
                  + " events per batch, got "
                  + batch.events().size())
          .with("field", "events")
          .with("limit", limits.maxBatchSize());
    }
    Instant now = clock.instant();
    Instant oldest = now.minus(limits.maxAge());
    Instant newest = now.plus(limits.maxClockAhead());
    List<Valid> valid = new ArrayList<>(batch.events().size());
    for (int i = 0; i < batch.events().size(); i++) {
      valid.add(validate(batch.events().get(i), "events[" + i + "]", oldest, newest));
    }
    return valid;
  }

  private Valid validate(ClientEventBatch.Item item, String at, Instant oldest, Instant newest) {
    if (item == null) {
      throw invalid(at, "must be an object");
    }
    String id = null;
    if (item.id() != null && !item.id().isNull()) {
      if (!item.id().isString() || !ID.matcher(item.id().asString()).matches()) {
        throw invalid(at + ".id", "must be a string of at most 64 letters, digits, _ or -");
      }
      id = item.id().asString();
    }
    if (item.name() == null || !item.name().isString()) {
      throw invalid(at + ".name", "is required and must be a string");
    }
    String name = item.name().asString();
    if (!NAME.matcher(name).matches()) {
      throw invalid(
          at + ".name", "must start with a letter and use at most 64 letters, digits, _ . : -");
    }
    if (item.time() == null || !item.time().isString()) {
      throw invalid(at + ".time", "is required and must be an RFC 3339 timestamp");
    }
    Instant time;
    try {
      time = OffsetDateTime.parse(item.time().asString()).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid(at + ".time", "must be an RFC 3339 timestamp with offset");
    }
    if (time.isBefore(oldest) || time.isAfter(newest)) {
      throw invalid(
          at + ".time",
          "must lie between " + limits.maxAge() + " ago and " + limits.maxClockAhead() + " ahead");
    }
    JsonNode properties = item.properties();
    if (properties == null || properties.isNull() || properties.isMissingNode()) {
      properties = JsonNodeFactory.instance.objectNode();
    } else if (!properties.isObject()) {
      throw invalid(at + ".properties", "must be a JSON object");
    }
    long size = json.writeValueAsString(properties).getBytes(StandardCharsets.UTF_8).length;
    if (size > limits.maxEventSize().toBytes()) {
      throw invalid(
              at + ".properties",
              "is " + size + " bytes; at most " + limits.maxEventSize().toBytes() + " are accepted")
          .with("limit", limits.maxEventSize().toBytes());
    }
    return new Valid(id, name, time, properties);
  }

  private static PlatformProblem invalid(String field, String detail) {
    return PlatformProblem.badRequest(field + " " + detail).with("field", field);
  }
}
