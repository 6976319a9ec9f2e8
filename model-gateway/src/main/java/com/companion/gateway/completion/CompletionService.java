package com.companion.gateway.completion;

import com.companion.gateway.GatewayProperties;
import com.companion.gateway.canary.CanaryJudge;
import com.companion.gateway.completion.internal.InferenceClient;
import com.companion.gateway.completion.internal.InferenceClient.NodeStatusException;
import com.companion.gateway.deployment.ModelAlias;
import com.companion.gateway.deployment.ModelVersion;
import com.companion.gateway.node.Node;
import com.companion.gateway.node.NodeRegistry;
import com.companion.gateway.routing.NodeSelector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one completion against the deployment of an alias: picks stable or canary by weight, picks a
 * node, and fails over to another node while nothing has been streamed yet. Once a token has gone
 * out a failure ends the stream: replaying the request elsewhere would duplicate or contradict text
 * the client already has.
 */
@Service
public class CompletionService {

  private static final Logger log = LoggerFactory.getLogger(CompletionService.class);

  private final NodeRegistry registry;
  private final CanaryJudge canary;
  private final GatewayProperties.Routing routing;
  private final NodeSelector selector;
  private final InferenceClient client;

  public CompletionService(
      NodeRegistry registry, CanaryJudge canary, GatewayProperties properties, JsonMapper json) {
    this.registry = registry;
    this.canary = canary;
    this.routing = properties.routing();
    this.selector = new NodeSelector(routing.affinityLoadFactor());
    this.client = new InferenceClient(WebClient.builder(), json, routing.connectTimeout());
  }

  /** Chooses the version for one request: the canary with probability of its weight. */
  public ModelVersion chooseVersion(ModelAlias alias) {
    if (alias.hasCanary()
        && alias.versions().containsKey(alias.canaryVersion())
        && ThreadLocalRandom.current().nextDouble() < alias.canaryWeight()) {
      return alias.versions().get(alias.canaryVersion());
    }
    return alias.versions().get(alias.stableVersion());
  }

  /**
   * Streams the generation. Errors with {@link CompletionFailure}; cancelling the flux cancels the
   * node's generation.
   */
  public Flux<GenerationEvent> generate(
      ModelAlias alias, GenerationRequest request, RequestTrace trace) {
    ModelVersion version = chooseVersion(alias);
    if (version == null) {
      return Flux.error(
          new CompletionFailure(
              CompletionFailure.Kind.NO_CAPACITY,
              "model " + alias.alias() + " has no versions",
              null));
    }
    Map<String, Object> body = nodeBody(request);
    return attempt(alias, version, request.routeKey(), body, trace, new HashSet<>(), 1, null);
  }

  private Flux<GenerationEvent> attempt(
      ModelAlias alias,
      ModelVersion version,
      String routeKey,
      Map<String, Object> body,
      RequestTrace trace,
      Set<Node> tried,
      int attemptNumber,
      Throwable lastFailure) {
    return Flux.defer(
        () -> {
          Optional<Node> picked = acquire(registry.nodesOf(version), routeKey, tried);
          if (picked.isEmpty()) {
            log.debug("no node for {} {} (tried {})", alias.alias(), version.version(), tried);
            ModelVersion stable = alias.versions().get(alias.stableVersion());
            if (!version.version().equals(alias.stableVersion()) && stable != null) {
              // a canary without a usable node is failing as a release: the judge must see it
              canary.record(alias.alias(), version.version(), false, null);
              // a canary with no usable node must not take users down with it
              return attempt(
                  alias, stable, routeKey, body, trace, tried, attemptNumber, lastFailure);
            }
            return Flux.error(
                new CompletionFailure(
                    CompletionFailure.Kind.NO_CAPACITY,
                    lastFailure == null
                        ? "no inference node of " + alias.alias() + " is available"
                        : "every inference node tried failed: " + lastFailure.getMessage(),
                    lastFailure));
          }
          Node node = picked.get();
          log.debug(
              "attempt {} of {} on {} ({})", attemptNumber, alias.alias(), node, version.version());
          trace.attempt(version.version(), node.baseUrl());
          trace.resetTokens();
          AtomicBoolean started = new AtomicBoolean();
          AtomicBoolean released = new AtomicBoolean();
          Runnable release =
              () -> {
                if (released.compareAndSet(false, true)) {
                  node.release();
                }
              };
          return client
              .generate(node.baseUrl(), body)
              .timeout(
                  Mono.delay(routing.ttftTimeout()), event -> Mono.delay(routing.idleTimeout()))
              .doOnNext(
                  event -> {
                    if (started.compareAndSet(false, true)) {
                      trace.firstToken();
                    }
                    if (event instanceof GenerationEvent.Token) {
                      trace.token();
                    } else if (event instanceof GenerationEvent.Done done) {
                      trace.done(done);
                    }
                  })
              .doOnComplete(
                  () -> {
                    release.run();
                    node.recordSuccess();
                    canary.record(alias.alias(), version.version(), true, trace.ttftMillis());
                  })
              .doOnCancel(
                  () -> {
                    if (released.compareAndSet(false, true)) {
                      node.release();
                      node.recordAbandoned();
                    }
                  })
              .onErrorResume(
                  error -> {
                    release.run();
                    if (error instanceof NodeStatusException status
                        && status.status() >= 400
                        && status.status() < 500
                        && status.status() != 408
                        && status.status() != 429) {
                      node.recordSuccess();
                      return Flux.error(
                          new CompletionFailure(
                              CompletionFailure.Kind.REJECTED, error.getMessage(), error));
                    }
                    node.recordFailure();
                    canary.record(alias.alias(), version.version(), false, null);
                    log.warn(
                        "node {} failed {} the first token (attempt {}): {}",
                        node.baseUrl(),
                        started.get() ? "after" : "before",
                        attemptNumber,
                        describe(error));
                    if (started.get()) {
                      return Flux.error(
                          new CompletionFailure(
                              CompletionFailure.Kind.MID_STREAM,
                              "the inference node failed while streaming",
                              error));
                    }
                    tried.add(node);
                    if (attemptNumber >= routing.maxAttempts()) {
                      return Flux.error(
                          new CompletionFailure(
                              CompletionFailure.Kind.NO_CAPACITY,
                              "every inference node tried failed: " + describe(error),
                              error));
                    }
                    return attempt(
                        alias, version, routeKey, body, trace, tried, attemptNumber + 1, error);
                  });
        });
  }

  private Optional<Node> acquire(List<Node> pool, String routeKey, Set<Node> tried) {
    Set<Node> skipped = new HashSet<>(tried);
    while (true) {
      Optional<Node> candidate = selector.select(pool, routeKey, skipped);
      if (candidate.isEmpty() || candidate.get().tryAcquire()) {
        return candidate;
      }
      // its circuit's single half-open probe is taken: try the next node
      skipped.add(candidate.get());
    }
  }

  private static String describe(Throwable error) {
    if (error instanceof java.util.concurrent.TimeoutException) {
      return "timed out waiting for a token";
    }
    return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
  }

  private static Map<String, Object> nodeBody(GenerationRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    List<Map<String, Object>> messages = new ArrayList<>();
    for (GenerationRequest.Message message : request.messages()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("role", message.role());
      m.put("content", message.content());
      if (message.name() != null) {
        m.put("name", message.name());
      }
      messages.add(m);
    }
    body.put("messages", messages);
    body.putAll(request.parameters());
    // always stream from the node: TTFT is measured and failover works the same either way
    body.put("stream", true);
    return body;
  }
}
