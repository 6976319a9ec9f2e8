package com.companion.contracts.events;

/**
 * Data of a {@code usage.model-request} event (type {@code model.request.completed}), schema
 * version 1: one per chat completion request the model gateway answered or failed, published
 * through the gateway's outbox.
 *
 * @param requestId the gateway's request id (also the Kafka key)
 * @param callerKind {@code api_key}, {@code user} or {@code service}
 * @param apiKeyId the API key that made the request, when one did
 * @param service the platform service that called on the user's behalf, when one did
 * @param endUser the free-form {@code user} field of the request (a developer's own end-user id)
 * @param alias the model alias the client asked for
 * @param version the deployed version that served it (stable or canary)
 * @param node the inference node that produced the answer, null when none did
 * @param ttftMs time to the first token as the gateway saw it, null without tokens
 * @param totalMs time from arrival to the last byte
 * @param status {@code ok}, {@code error}, {@code cancelled} (client went away) or {@code rejected}
 *     (quota, validation)
 * @param finishReason stop, length, content_filter, or null
 * @param attempts how many nodes were tried
 */
public record ModelRequestUsage(
    int schemaVersion,
    String requestId,
    String callerKind,
    String apiKeyId,
    String service,
    String endUser,
    String alias,
    String version,
    String node,
    boolean stream,
    int promptTokens,
    int completionTokens,
    Long ttftMs,
    long totalMs,
    String status,
    String finishReason,
    int attempts) {

  public static final int SCHEMA_VERSION = 1;
  public static final String TYPE = "model.request.completed";
}
