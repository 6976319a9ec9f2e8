package com.companion.safety.moderation;

import tools.jackson.databind.JsonNode;

/** {@code {"input": "..." | ["...", ...], "context"?: {...}}} */
public record ModerationRequest(JsonNode input, ModerationContext context) {}
