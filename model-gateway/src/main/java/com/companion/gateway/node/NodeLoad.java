package com.companion.gateway.node;

/**
 * What a node last reported about itself on {@code /metrics}.
 *
 * @param running sequences in its running batch
 * @param waiting requests queued for admission
 * @param kvCacheUsage fraction (0..1) of its KV cache in use
 * @param prefixCacheQueries prompt tokens looked up in its prefix cache (a counter)
 * @param prefixCacheHits of those, tokens found cached (a counter)
 */
public record NodeLoad(
    double running,
    double waiting,
    double kvCacheUsage,
    double prefixCacheQueries,
    double prefixCacheHits) {

  public static final NodeLoad UNKNOWN = new NodeLoad(0, 0, 0, 0, 0);
}
