package com.companion.inference.engine;

/**
 * Engine sizing. The KV budget is in bytes and becomes a number of fixed-size blocks; the queue
 * bounds are what turns overload into a 503 instead of memory growth.
 *
 * @param kvCacheBytes memory for keys and values of all sequences, prefix-cached blocks included
 * @param blockSize tokens per KV block (and per prefix-cache hash)
 * @param maxRunningSequences sequences decoded together in one step
 * @param maxWaitingRequests requests admitted to the queue but not yet running
 * @param maxWaitingTokens prompt tokens of those waiting requests
 * @param prefillChunkTokens prompt tokens processed per step, so decodes keep flowing
 * @param prefixCaching whether full prompt blocks are shared across requests
 */
public record EngineSettings(
    long kvCacheBytes,
    int blockSize,
    int maxRunningSequences,
    int maxWaitingRequests,
    int maxWaitingTokens,
    int prefillChunkTokens,
    boolean prefixCaching) {

  public static EngineSettings defaults() {
    return new EngineSettings(512L << 20, 16, 64, 256, 262_144, 256, true);
  }

  public EngineSettings withPrefixCaching(boolean enabled) {
    return new EngineSettings(
        kvCacheBytes,
        blockSize,
        maxRunningSequences,
        maxWaitingRequests,
        maxWaitingTokens,
        prefillChunkTokens,
        enabled);
  }

  public EngineSettings withMaxRunningSequences(int running) {
    return new EngineSettings(
        kvCacheBytes,
        blockSize,
        running,
        maxWaitingRequests,
        maxWaitingTokens,
        prefillChunkTokens,
        prefixCaching);
  }
}
