package com.companion.identity.export;

/**
 * What the export passes on from the caller's request to the services it reads.
 *
 * @param authorization the caller's own {@code Authorization} header, as it came: each service
 *     verifies it and applies its own tenancy
 * @param requestId the edge's {@code X-Request-Id}, so the reads are logged under the caller's
 *     request; {@code null} when there is none
 */
public record ForwardedHeaders(String authorization, String requestId) {}
