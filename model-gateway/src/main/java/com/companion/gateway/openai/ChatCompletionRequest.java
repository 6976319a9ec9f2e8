package com.companion.gateway.openai;

import com.companion.gateway.completion.GenerationRequest;

/**
 * A parsed and validated {@code POST /v1/chat/completions} body.
 *
 * @param user OpenAI's free-form end-user id, kept for metering
 */
public record ChatCompletionRequest(
    GenerationRequest generation, boolean stream, boolean includeUsage, String user) {}
