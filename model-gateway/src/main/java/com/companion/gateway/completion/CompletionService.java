package com.companion.gateway.completion;

import com.companion.gateway.GatewayProperties;
import com.companion.gateway.canary.CanaryJudge;
import com.companion.gateway.completion.internal.InferenceClient;
import com.companion.gateway.completion.internal.InferenceClient.NodeStatusException;
import com.companion.gateway.deployment.ModelAlias;
import com.companion.gateway.deployment.ModelVersion;
import com.companion.gateway.deployment.VersionSampling;
import com.companion.gateway.node.Node;
import com.companion.gateway.node.NodeRegistry;
import com.companion.gateway.routing.NodeSelector;
import com.companion.platform.admission.FairLine;
import com.companion.platform.admission.FairLine.Pick;
import java.time.Duration;
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
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
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
  private final FairLine<Node> admission;
  private final int maxStreamsPerNode;
  private final JsonMapper json;
  private final Duration retryAfter;

  public CompletionService(
      NodeRegistry registry, CanaryJudge canary, GatewayProperties properties, JsonMapper json) {
    this.registry = registry;
    this.canary = canary;
    this.routing = properties.routing();
    this.selector = new NodeSelector(routing.affinityLoadFactor());
    this.client =
        new InferenceClient(
            WebClient.builder(), json, routing.connectTimeout(), properties.nodeCredential());
    GatewayProperties.Admission limits = properties.admission();
    // the line in front of the nodes: when every usable node is full a request waits for the
    // next free stream; a full line or a long wait is refused at once with "busy, retry in N s"
    // instead of running into timeouts that look like a broken model
    this.admission =
        new FairLine<>(
            limits.maxWaiting(),
            limits.maxWait(),
            Schedulers.parallel(),
            Node.class,
            why -> overloaded(why, limits),
            node -> {
              node.release();
              node.recordAbandoned();
            });
    this.maxStreamsPerNode = limits.maxStreamsPerNode();
    this.retryAfter = limits.retryAfter();
    this.json = json;
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
   * The largest {@code max_tokens} every node of the version accepts, as the nodes report it; null
   * while no node has said.
   */
  public Integer maxTokensLimit(ModelVersion version) {
    Integer limit = null;
    for (Node node : registry.nodesOf(version)) {
      Integer own = node.maxTokensLimit();
      if (own != null && (limit == null || own < limit)) {
        limit = own;
      }
    }
    return limit;
  }

  /** Requests waiting for a free stream on this replica now. */
  public int waiting() {
    return admission.waiting();
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
    Integer limit = maxTokensLimit(version);
    if (limit != null
        && request.parameters().get("max_tokens") instanceof Integer asked
        && asked > limit) {
      return Flux.error(
          new CompletionFailure(
              CompletionFailure.Kind.REJECTED,
              "max_tokens is too large: "
                  + asked
                  + ". This model supports at most "
                  + limit
                  + " completion tokens, whereas you provided "
                  + asked
                  + ".",
              null,
              "max_tokens",
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
          List<Node> pool = registry.nodesOf(version);
          return admission
              .enter(() -> pick(pool, routeKey, tried))
              .map(Optional::of)
              .defaultIfEmpty(Optional.empty())
              .flatMapMany(
                  picked ->
                      picked.isPresent()
                          ? run(
                              alias,
                              version,
                              routeKey,
                              body,
                              trace,
                              tried,
                              attemptNumber,
                              picked.get())
                          : noNode(
                              alias,
                              version,
                              routeKey,
                              body,
                              trace,
                              tried,
                              attemptNumber,
                              lastFailure));
        });
  }

  private Flux<GenerationEvent> noNode(
      ModelAlias alias,
      ModelVersion version,
      String routeKey,
      Map<String, Object> body,
      RequestTrace trace,
      Set<Node> tried,
      int attemptNumber,
      Throwable lastFailure) {
    log.debug("no node for {} {} (tried {})", alias.alias(), version.version(), tried);
    ModelVersion stable = alias.versions().get(alias.stableVersion());
    if (!version.version().equals(alias.stableVersion()) && stable != null) {
      // a canary without a usable node is failing as a release: the judge must see it
      canary.record(alias.alias(), version.version(), false, null);
      // a canary with no usable node must not take users down with it
      return attempt(alias, stable, routeKey, body, trace, tried, attemptNumber, lastFailure);
    }
    if (lastFailure instanceof NodeStatusException busy && isBusy(busy)) {
      return Flux.error(overloaded(busy));
    }
    return Flux.error(
        new CompletionFailure(
            CompletionFailure.Kind.NO_CAPACITY,
            lastFailure == null
                ? "no inference node of " + alias.alias() + " is available"
                : "every inference node tried failed: " + describe(lastFailure),
            lastFailure));
  }

  private Flux<GenerationEvent> run(
      ModelAlias alias,
      ModelVersion version,
      String routeKey,
      Map<String, Object> body,
      RequestTrace trace,
      Set<Node> tried,
      int attemptNumber,
      Node node) {
    log.debug("attempt {} of {} on {} ({})", attemptNumber, alias.alias(), node, version.version());
    trace.attempt(version.version(), node.baseUrl());
    trace.resetTokens();
    AtomicBoolean started = new AtomicBoolean();
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            node.release();
            admission.freed();
          }
        };
    return client
        .generate(node.baseUrl(), VersionSampling.applied(body, version))
        .timeout(Mono.delay(routing.ttftTimeout()), event -> Mono.delay(routing.idleTimeout()))
        .doOnNext(
            event -> {
              if (started.compareAndSet(false, true)) {
                trace.firstToken();
              }
              if (event instanceof GenerationEvent.Token token) {
                trace.tokens(token.count());
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
                admission.freed();
              }
            })
        .onErrorResume(
            error -> {
              release.run();
              if (error instanceof NodeStatusException status && isRequestsFault(status)) {
                node.recordSuccess();
                return Flux.error(rejected(status));
              }
              if (error instanceof NodeStatusException status && isBusy(status)) {
                // a full or draining node is healthy: try another, and count nothing against it
                node.recordAbandoned();
                tried.add(node);
                return attemptNumber >= routing.maxAttempts()
                    ? Flux.error(overloaded(status))
                    : attempt(
                        alias, version, routeKey, body, trace, tried, attemptNumber + 1, error);
              }
              node.recordFailure();
              canary.record(alias.alias(), version.version(), false, null);
              if (error instanceof NodeStatusException status
                  && (status.status() == 401 || status.status() == 403)) {
                log.error(
                    "node {} refused this gateway's credential (gateway.node-credential): {}",
                    node.baseUrl(),
                    status.status());
              } else {
                log.warn(
                    "node {} failed {} the first token (attempt {}): {}",
                    node.baseUrl(),
                    started.get() ? "after" : "before",
                    attemptNumber,
                    describe(error));
              }
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
  }

  /**
   * A node that is full or draining answers 503 with {@code Retry-After}; a 503 without it is a
   * node (or something in front of it) failing.
   */
  private static boolean isBusy(NodeStatusException status) {
    return status.status() == 503 && status.retryAfter() != null;
  }

  /** A node's 4xx that says the request itself is wrong, so no other node would take it either. */
  private static boolean isRequestsFault(NodeStatusException status) {
    int code = status.status();
    return code >= 400 && code < 500 && code != 401 && code != 403 && code != 408 && code != 429;
  }

  /**
   * The node's reason in the caller's terms: its problem's {@code detail} and {@code param} only,
   * never the problem document itself (which names the node's internal paths).
   */
  private CompletionFailure rejected(NodeStatusException status) {
    String detail = "The model could not run this request.";
    String param = null;
    try {
      JsonNode problem = json.readTree(status.body());
      if (problem.path("detail").isString()) {
        detail = problem.get("detail").asString();
      }
      if (problem.path("param").isString()) {
        param = problem.get("param").asString();
      }
    } catch (RuntimeException notJson) {
      // keep the generic reason
    }
    return new CompletionFailure(CompletionFailure.Kind.REJECTED, detail, status, param, null);
  }

  private CompletionFailure overloaded(NodeStatusException busy) {
    Duration wait = retryAfter;
    if (busy.retryAfter() != null) {
      try {
        wait = Duration.ofSeconds(Long.parseLong(busy.retryAfter().trim()));
      } catch (NumberFormatException notSeconds) {
        // keep ours
      }
    }
    return new CompletionFailure(
        CompletionFailure.Kind.OVERLOADED, "every inference node tried is full", busy, null, wait);
  }

  private static CompletionFailure overloaded(
      FairLine.Refusal why, GatewayProperties.Admission limits) {
    String message =
        switch (why) {
          case LINE_FULL ->
              "every inference node is busy and " + limits.maxWaiting() + " requests are waiting";
          case WAITED_TOO_LONG ->
              "every inference node stayed busy for " + limits.maxWait().toSeconds() + " s";
        };
    return new CompletionFailure(
        CompletionFailure.Kind.OVERLOADED, message, null, null, limits.retryAfter());
  }

  /** Takes a stream on the best node with room for one, or says why none could be taken. */
  private Pick<Node> pick(List<Node> pool, String routeKey, Set<Node> tried) {
    Set<Node> skipped = new HashSet<>(tried);
    boolean full = false;
    while (true) {
      Optional<Node> candidate = selector.select(pool, routeKey, skipped);
      if (candidate.isEmpty()) {
        return full ? Pick.full() : Pick.none();
      }
      Node node = candidate.get();
      if (!node.hasCapacity(maxStreamsPerNode)) {
        full = true;
      } else if (node.tryAcquire()) {
        return Pick.taken(node);
      }
      // full, or its circuit's single half-open probe is taken: try the next node
      skipped.add(node);
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
