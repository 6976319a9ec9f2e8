package com.companion.edge.events;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/events}: {@code {"events": [{"name", "time", "properties"}]}}. Fields
 * arrive as loosely typed as JSON allows and are checked by {@link ClientEventValidator}, so a bad
 * event gets a problem that names it rather than a generic parse error.
 */
public record ClientEventBatch(List<Item> events) {

  /**
   * @param id the app's own id of the event, optional; passed on so consumers can drop a retried
   *     batch's repeats
   * @param name event name
   * @param time RFC 3339 timestamp with offset, e.g. {@code 2026-11-28T09:30:00.123Z}
   * @param properties a JSON object, optional
   */
  public record Item(JsonNode id, JsonNode name, JsonNode time, JsonNode properties) {}
}
