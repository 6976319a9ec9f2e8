package com.companion.safety.screening;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;

/** {@code {"input": "..." | ["...", ...], "context"?: {...}}} */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModerationRequest(JsonNode input, ModerationContext context) {}
