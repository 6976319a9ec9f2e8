package com.companion.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * The CloudEvents 1.0 envelope (JSON format) of every platform event. {@code product} and {@code
 * userid} are extension attributes (CloudEvents names allow only lower-case letters and digits);
 * {@code userid} is pseudonymous, never the raw account id.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent(
    String specversion,
    String id,
    String source,
    String type,
    Instant time,
    String subject,
    String datacontenttype,
    String product,
    String userid,
    JsonNode data) {

  public static final String SPEC_VERSION = "1.0";
  public static final String JSON_CONTENT = "application/json";
}
