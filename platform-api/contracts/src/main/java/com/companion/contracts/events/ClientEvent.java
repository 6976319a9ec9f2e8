package com.companion.contracts.events;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * Data of a {@code client.event} event, schema version 1: one tracking event of an app, ingested by
 * the edge ({@code POST /v1/events}). The envelope's {@code time} is when the edge received it,
 * {@code client_time} when the device says it happened; {@code product} and the pseudonymous {@code
 * userid} come from the caller's token, never from the app's payload. The Kafka key is that
 * pseudonymous user id, so one user's events stay in order.
 *
 * @param clientEventId the app's own id of the event, if it sent one: an app that retries a batch
 *     after a lost answer sends the same ids again, so consumers can drop the repeats
 * @param name the app's event name, e.g. {@code screen_view} or {@code paywall.shown}
 * @param clientTime the device's timestamp
 * @param ageGroup minor or adult, from the token
 * @param properties the app's free-form JSON object
 */
public record ClientEvent(
    int schemaVersion,
    String clientEventId,
    String name,
    Instant clientTime,
    String ageGroup,
    JsonNode properties) {

  public static final int SCHEMA_VERSION = 1;
  public static final String TYPE = "client.event";
}
