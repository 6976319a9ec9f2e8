package com.companion.gateway.node;

import com.companion.contracts.metrics.PrometheusPage;
import com.companion.gateway.GatewayProperties;
import com.companion.gateway.deployment.DeploymentCatalog;
import com.companion.gateway.deployment.ModelAlias;
import com.companion.gateway.deployment.ModelVersion;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Knows every inference node of every deployed version: static addresses and all the addresses
 * behind a DNS name (a headless Kubernetes Service, re-resolved on each round), and checks each
 * node's {@code /ready} and {@code /metrics} on a fixed period.
 */
@Component
public class NodeRegistry implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);

  private final DeploymentCatalog catalog;
  private final GatewayProperties properties;
  private final Clock clock;
  private final WebClient http;
  private final Map<String, Node> nodes = new ConcurrentHashMap<>();
  private final Map<String, List<String>> resolved = new ConcurrentHashMap<>();
  private volatile Disposable checker;

  public NodeRegistry(DeploymentCatalog catalog, GatewayProperties properties, Clock clock) {
    this.catalog = catalog;
    this.properties = properties;
    this.clock = clock;
    // the checks' own connect and response timeouts, rather than a Reactor timeout around them,
    // so a late connection error is not dropped (and logged as an error) after the timeout
    int timeoutMillis = (int) properties.health().timeout().toMillis();
    this.http =
        WebClient.builder()
            .clientConnector(
                new org.springframework.http.client.reactive.ReactorClientHttpConnector(
                    reactor.netty.http.client.HttpClient.create()
                        .option(
                            io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                        .responseTimeout(properties.health().timeout())))
            .build();
  }

  /** The nodes of one version, in a stable order. */
  public List<Node> nodesOf(ModelVersion version) {
    List<Node> pool = new ArrayList<>();
    for (String url : addressesOf(version)) {
      pool.add(nodes.computeIfAbsent(url, this::newNode));
    }
    return pool;
  }

  public Collection<Node> all() {
    return nodes.values();
  }

  private Node newNode(String url) {
    return new Node(
        url,
        new CircuitBreaker(
            properties.breaker().failureThreshold(), properties.breaker().openDuration(), clock),
        properties.health().ejectAfterFailures(),
        properties.health().ejection(),
        clock);
  }

  private Set<String> addressesOf(ModelVersion version) {
    Set<String> urls = new LinkedHashSet<>();
    for (String url : version.nodes()) {
      urls.add(stripSlash(url));
    }
    if (version.dnsName() != null && !version.dnsName().isBlank()) {
      int port = version.dnsPort() == null ? 8085 : version.dnsPort();
      for (String address : resolved.getOrDefault(version.dnsName(), List.of())) {
        urls.add("http://" + address + ":" + port);
      }
    }
    return urls;
  }

  /** One round: re-resolve DNS names, forget nodes no version uses, check every node. */
  public Mono<Void> checkAll() {
    return Mono.fromRunnable(this::resolveNames)
        .subscribeOn(Schedulers.boundedElastic())
        .thenMany(
            Flux.defer(
                () -> {
                  Set<String> wanted = new LinkedHashSet<>();
                  for (ModelAlias alias : catalog.all()) {
                    for (ModelVersion version : alias.versions().values()) {
                      wanted.addAll(addressesOf(version));
                    }
                  }
                  nodes.keySet().retainAll(wanted);
                  wanted.forEach(url -> nodes.computeIfAbsent(url, this::newNode));
                  return Flux.fromIterable(List.copyOf(nodes.values()));
                }))
        .flatMap(node -> Mono.when(checkReady(node), scrapeMetrics(node)))
        .then();
  }

  private void resolveNames() {
    Set<String> names = new LinkedHashSet<>();
    for (ModelAlias alias : catalog.all()) {
      for (ModelVersion version : alias.versions().values()) {
        if (version.dnsName() != null && !version.dnsName().isBlank()) {
          names.add(version.dnsName());
        }
      }
    }
    resolved.keySet().retainAll(names);
    for (String name : names) {
      try {
        resolved.put(
            name,
            Arrays.stream(InetAddress.getAllByName(name))
                .map(NodeRegistry::literal)
                .distinct()
                .sorted()
                .toList());
      } catch (UnknownHostException e) {
        // keep the last known addresses: a DNS blip must not empty the pool
        log.warn("cannot resolve node name {}: {}", name, e.getMessage());
      }
    }
  }

  private Mono<Void> checkReady(Node node) {
    boolean before = node.ready();
    return http.get()
        .uri(node.baseUrl() + "/ready")
        .exchangeToMono(
            response ->
                response
                    .bodyToMono(String.class)
                    .defaultIfEmpty("")
                    .map(
                        body -> {
                          boolean ready = response.statusCode().is2xxSuccessful();
                          if (ready) {
                            node.updateMaxTokensLimit(maxTokensLimit(body));
                          }
                          return ready;
                        }))
        .timeout(properties.health().timeout())
        .doOnNext(node::markReady)
        .onErrorResume(
            e -> {
              node.markCheckFailed(properties.health().unreadyAfterMissedChecks());
              return Mono.empty();
            })
        .doFinally(
            signal -> {
              if (node.ready() != before) {
                log.info("node {} is {}", node.baseUrl(), node.ready() ? "ready" : "not ready");
              }
            })
        .then();
  }

  /** The {@code max_tokens_limit} a node reports on {@code /ready}, or null. */
  private static Integer maxTokensLimit(String body) {
    int at = body.indexOf("\"max_tokens_limit\"");
    if (at < 0) {
      return null;
    }
    int i = body.indexOf(':', at) + 1;
    while (i > 0 && i < body.length() && body.charAt(i) == ' ') {
      i++;
    }
    int end = i;
    while (end < body.length() && Character.isDigit(body.charAt(end))) {
      end++;
    }
    return end > i ? Integer.valueOf(body.substring(i, end)) : null;
  }

  private Mono<Void> scrapeMetrics(Node node) {
    return http.get()
        .uri(node.baseUrl() + "/metrics")
        .retrieve()
        .bodyToMono(String.class)
        .map(NodeRegistry::toLoad)
        .doOnNext(node::updateLoad)
        .onErrorResume(e -> Mono.empty())
        .then();
  }

  /** Maps a node's Prometheus page to its load; names follow the vLLM conventions. */
  public static NodeLoad toLoad(String text) {
    PrometheusPage page = PrometheusPage.parse(text);
    return new NodeLoad(
        page.sum("vllm:num_requests_running"),
        page.sum("vllm:num_requests_waiting"),
        page.first("vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc"),
        page.first("vllm:prefix_cache_queries_total", "vllm:prefix_cache_queries"),
        page.first("vllm:prefix_cache_hits_total", "vllm:prefix_cache_hits"));
  }

  private static String literal(InetAddress address) {
    String host = address.getHostAddress();
    return address instanceof Inet6Address ? "[" + host + "]" : host;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public void start() {
    checker =
        Flux.interval(java.time.Duration.ZERO, properties.health().interval())
            .onBackpressureDrop()
            .concatMap(tick -> checkAll().onErrorResume(e -> Mono.empty()), 1)
            .subscribe();
  }

  @Override
  public void stop() {
    if (checker != null) {
      checker.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    return checker != null && !checker.isDisposed();
  }

  @Override
  public int getPhase() {
    // after the catalog, which loads the deployments this checks
    return SmartLifecycle.DEFAULT_PHASE - 50;
  }
}
