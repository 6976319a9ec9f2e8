package com.companion.inference.node;

import com.companion.inference.engine.EngineSettings;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code inference.*}: where the checkpoint is, which device runs it, and the engine's budgets.
 *
 * @param modelDir checkpoint folder; relative paths are tried from the working directory, then from
 *     the module folder ({@code inference-node/<dir>}) so the node starts from the repository root
 *     as well as from its own folder
 * @param device auto (a GPU when the PyTorch engine sees one), cpu or gpu
 * @param kvCacheMegabytes memory for the paged KV cache, prefix-cached blocks included
 * @param drainTimeout how long SIGTERM waits for in-flight generations before cancelling them
 * @param maxTokensLimit the largest {@code max_tokens} a request may ask for; reported on {@code
 *     /ready} so the gateway can refuse larger ones itself
 * @param serviceCredentials the services allowed to generate: name to secret, presented as {@code
 *     X-Service-Key: <name>:<secret>}; the node does not start without one
 */
@ConfigurationProperties("inference")
public record InferenceProperties(
    @DefaultValue("model") String modelDir,
    @DefaultValue("auto") String device,
    @DefaultValue("256") long kvCacheMegabytes,
    @DefaultValue("16") int blockSize,
    @DefaultValue("64") int maxRunningSequences,
    @DefaultValue("256") int maxWaitingRequests,
    @DefaultValue("262144") int maxWaitingTokens,
    @DefaultValue("256") int prefillChunkTokens,
    @DefaultValue("true") boolean prefixCaching,
    @DefaultValue("30s") Duration drainTimeout,
    @DefaultValue("512") int maxTokensLimit,
    Map<String, String> serviceCredentials) {

  public InferenceProperties {
    serviceCredentials = serviceCredentials == null ? Map.of() : Map.copyOf(serviceCredentials);
  }

  public EngineSettings engineSettings() {
    return new EngineSettings(
        kvCacheMegabytes << 20,
        blockSize,
        maxRunningSequences,
        maxWaitingRequests,
        maxWaitingTokens,
        prefillChunkTokens,
        prefixCaching);
  }
}
