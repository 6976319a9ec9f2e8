package com.companion.gateway.admin;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.contracts.events.ModelCanaryDecision;
import com.companion.gateway.canary.CanaryJudge;
import com.companion.gateway.canary.WindowStats;
import com.companion.gateway.deployment.CanaryDecisionView;
import com.companion.gateway.deployment.DeploymentCatalog;
import com.companion.gateway.deployment.ModelAlias;
import com.companion.gateway.deployment.ModelVersion;
import com.companion.gateway.deployment.VersionSampling;
import com.companion.gateway.node.Node;
import com.companion.gateway.node.NodeRegistry;
import com.companion.platform.web.Page;
import com.companion.platform.web.PlatformProblem;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The admin API of deployments ({@code /v1/admin/models}, admin role; problem+json errors):
 * aliases, their versions and node pools, the canary split and its decisions, and live node state.
 * It joins deployment, node and canary into one view, so it sits above all three: they depend on
 * one another in one direction only, and none of them on this API.
 */
@RestController
@RequestMapping("/v1/admin/models")
public class AdminModelsController {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

  private final DeploymentCatalog catalog;
  private final NodeRegistry registry;
  private final CanaryJudge judge;

  public AdminModelsController(
      DeploymentCatalog catalog, NodeRegistry registry, CanaryJudge judge) {
    this.catalog = catalog;
    this.registry = registry;
    this.judge = judge;
  }

  /** Body of {@code PUT /v1/admin/models/{alias}/versions/{version}}. */
  public record VersionRequest(
      List<String> nodes,
      String dnsName,
      Integer dnsPort,
      String description,
      Map<String, Object> sampling) {}

  /** Body of {@code PATCH /v1/admin/models/{alias}}. */
  public record AliasUpdate(String description, String stableVersion) {}

  /** Body of {@code POST /v1/admin/models/{alias}/canary}. */
  public record CanaryRequest(String version, Double weight) {}

  public record NodeView(
      String url,
      boolean ready,
      boolean ejected,
      String circuit,
      int outstanding,
      double running,
      double waiting,
      double kvCacheUsage) {}

  public record VersionView(
      String version,
      List<String> nodes,
      String dnsName,
      Integer dnsPort,
      Map<String, Number> sampling,
      List<NodeView> pool) {}

  public record CanaryView(String version, double weight, WindowStats stable, WindowStats canary) {}

  public record AliasView(
      String alias,
      String description,
      String stableVersion,
      CanaryView canary,
      List<VersionView> versions,
      Instant createdAt) {}

  @GetMapping
  public Page<AliasView> list(PlatformPrincipal principal) {
    requireAdmin(principal);
    return Page.whole(catalog.all().stream().map(this::view).toList());
  }

  @GetMapping("/{alias}")
  public AliasView get(PlatformPrincipal principal, @PathVariable String alias) {
    requireAdmin(principal);
    return view(found(alias));
  }

  @PutMapping("/{alias}/versions/{version}")
  public Mono<ResponseEntity<AliasView>> putVersion(
      PlatformPrincipal principal,
      @PathVariable String alias,
      @PathVariable String version,
      @RequestBody VersionRequest body) {
    requireAdmin(principal);
    checkName("alias", alias);
    checkName("version", version);
    List<String> nodes = body.nodes() == null ? List.of() : body.nodes();
    nodes.forEach(AdminModelsController::checkNodeUrl);
    boolean dns = body.dnsName() != null && !body.dnsName().isBlank();
    if (nodes.isEmpty() && !dns) {
      throw PlatformProblem.badRequest("a version needs 'nodes' or a 'dns_name'")
          .with("field", "nodes");
    }
    if (body.dnsPort() != null && (body.dnsPort() < 1 || body.dnsPort() > 65535)) {
      throw PlatformProblem.badRequest("'dns_port' must be a TCP port").with("field", "dns_port");
    }
    Map<String, Number> sampling;
    try {
      sampling = VersionSampling.checked(body.sampling());
    } catch (IllegalArgumentException e) {
      throw PlatformProblem.badRequest(e.getMessage()).with("field", "sampling");
    }
    boolean created = catalog.find(alias).isEmpty();
    return catalog
        .putVersion(
            new ModelVersion(
                alias,
                version,
                nodes,
                dns ? body.dnsName().strip() : null,
                body.dnsPort(),
                sampling),
            body.description())
        .then(Mono.fromSupplier(() -> view(found(alias))))
        .map(
            view ->
                created
                    ? ResponseEntity.created(URI.create("/v1/admin/models/" + alias)).body(view)
                    : ResponseEntity.ok(view));
  }

  @PatchMapping("/{alias}")
  public Mono<AliasView> update(
      PlatformPrincipal principal, @PathVariable String alias, @RequestBody AliasUpdate body) {
    requireAdmin(principal);
    ModelAlias current = found(alias);
    if (body.stableVersion() != null) {
      if (!current.versions().containsKey(body.stableVersion())) {
        throw PlatformProblem.badRequest("no version " + body.stableVersion() + " of " + alias)
            .with("field", "stable_version");
      }
      if (body.stableVersion().equals(current.canaryVersion())) {
        throw PlatformProblem.conflict("that version is the canary: promote it instead");
      }
    }
    return catalog
        .updateAlias(alias, body.description(), body.stableVersion())
        .then(Mono.fromSupplier(() -> view(found(alias))));
  }

  @DeleteMapping("/{alias}")
  public Mono<ResponseEntity<Void>> delete(
      PlatformPrincipal principal, @PathVariable String alias) {
    requireAdmin(principal);
    found(alias);
    return catalog.deleteAlias(alias).thenReturn(ResponseEntity.noContent().build());
  }

  @DeleteMapping("/{alias}/versions/{version}")
  public Mono<ResponseEntity<Void>> deleteVersion(
      PlatformPrincipal principal, @PathVariable String alias, @PathVariable String version) {
    requireAdmin(principal);
    ModelAlias current = found(alias);
    if (!current.versions().containsKey(version)) {
      throw PlatformProblem.notFound("no version " + version + " of " + alias);
    }
    if (version.equals(current.stableVersion()) || version.equals(current.canaryVersion())) {
      throw PlatformProblem.conflict("version " + version + " is serving traffic");
    }
    return catalog.deleteVersion(alias, version).thenReturn(ResponseEntity.noContent().build());
  }

  /** Starts a canary, or changes its weight. */
  @PostMapping("/{alias}/canary")
  public Mono<AliasView> startCanary(
      PlatformPrincipal principal, @PathVariable String alias, @RequestBody CanaryRequest body) {
    requireAdmin(principal);
    ModelAlias current = found(alias);
    String version = body.version();
    if (version == null || !current.versions().containsKey(version)) {
      throw PlatformProblem.badRequest("'version' must be a version of " + alias)
          .with("field", "version");
    }
    if (version.equals(current.stableVersion())) {
      throw PlatformProblem.conflict("version " + version + " is already stable");
    }
    double weight = body.weight() == null ? 0.05 : body.weight();
    if (weight <= 0 || weight > 1) {
      throw PlatformProblem.badRequest("'weight' must be in (0, 1]").with("field", "weight");
    }
    if (!version.equals(current.canaryVersion())) {
      judge.reset(alias);
    }
    ModelCanaryDecision decision =
        decision(current, version, "started", "canary at weight " + weight, principal);
    return apply(current, current.stableVersion(), version, weight, decision);
  }

  /** The canary becomes the stable version and takes all traffic. */
  @PostMapping("/{alias}/canary/promote")
  public Mono<AliasView> promote(PlatformPrincipal principal, @PathVariable String alias) {
    return endCanary(
        principal, alias, "promoted", "promoted by an admin", ModelAlias::canaryVersion);
  }

  /** The canary is dropped and the stable version takes all traffic again. */
  @DeleteMapping("/{alias}/canary")
  public Mono<AliasView> abort(PlatformPrincipal principal, @PathVariable String alias) {
    return endCanary(principal, alias, "aborted", "aborted by an admin", ModelAlias::stableVersion);
  }

  @GetMapping("/{alias}/decisions")
  public Mono<Page<CanaryDecisionView>> decisions(
      PlatformPrincipal principal, @PathVariable String alias) {
    requireAdmin(principal);
    return catalog.decisions(alias, 100).map(Page::whole);
  }

  /**
   * Ends the canary of {@code alias} on an admin's word: {@code newStable} picks, from the alias as
   * it is now, the version that serves all traffic afterwards.
   */
  private Mono<AliasView> endCanary(
      PlatformPrincipal principal,
      String alias,
      String what,
      String reason,
      Function<ModelAlias, String> newStable) {
    requireAdmin(principal);
    ModelAlias current = canaryOf(alias);
    ModelCanaryDecision decision =
        decision(current, current.canaryVersion(), what, reason, principal);
    return apply(current, newStable.apply(current), null, 0, decision);
  }

  private Mono<AliasView> apply(
      ModelAlias current,
      String newStable,
      String newCanary,
      double weight,
      ModelCanaryDecision decision) {
    return catalog
        .applyCanaryDecision(current.canaryVersion(), newStable, newCanary, weight, decision)
        .map(
            applied -> {
              if (!applied) {
                throw PlatformProblem.conflict(
                    "the canary of " + current.alias() + " changed meanwhile; reload and retry");
              }
              return view(found(current.alias()));
            });
  }

  private static ModelCanaryDecision decision(
      ModelAlias alias, String canary, String what, String reason, PlatformPrincipal principal) {
    return new ModelCanaryDecision(
        ModelCanaryDecision.SCHEMA_VERSION,
        UUID.randomUUID().toString(),
        alias.alias(),
        alias.stableVersion(),
        canary,
        what,
        reason,
        principal.userId(),
        // an admin's decision rests on no sliding window: no sample counts, rates or latencies
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private ModelAlias canaryOf(String alias) {
    ModelAlias current = found(alias);
    if (current.canaryVersion() == null) {
      throw PlatformProblem.conflict(alias + " has no canary");
    }
    return current;
  }

  private ModelAlias found(String alias) {
    return catalog
        .find(alias)
        .orElseThrow(() -> PlatformProblem.notFound("no model alias " + alias));
  }

  private AliasView view(ModelAlias alias) {
    List<VersionView> versions =
        alias.versions().values().stream()
            .sorted(java.util.Comparator.comparing(ModelVersion::version))
            .map(
                v ->
                    new VersionView(
                        v.version(),
                        v.nodes(),
                        v.dnsName(),
                        v.dnsPort(),
                        v.sampling(),
                        registry.nodesOf(v).stream().map(AdminModelsController::nodeView).toList()))
            .toList();
    CanaryView canary =
        alias.canaryVersion() == null
            ? null
            : new CanaryView(
                alias.canaryVersion(),
                alias.canaryWeight(),
                judge.stats(alias.alias(), alias.stableVersion()),
                judge.stats(alias.alias(), alias.canaryVersion()));
    return new AliasView(
        alias.alias(),
        alias.description(),
        alias.stableVersion(),
        canary,
        versions,
        alias.createdAt());
  }

  private static NodeView nodeView(Node node) {
    return new NodeView(
        node.baseUrl(),
        node.ready(),
        node.ejected(),
        node.circuit().name().toLowerCase(java.util.Locale.ROOT),
        node.outstanding(),
        node.load().running(),
        node.load().waiting(),
        node.load().kvCacheUsage());
  }

  static void requireAdmin(PlatformPrincipal principal) {
    if (!principal.hasRole(Role.ADMIN)) {
      throw PlatformProblem.forbidden("the admin role is required");
    }
  }

  private static void checkName(String field, String value) {
    if (!NAME.matcher(value).matches()) {
      throw PlatformProblem.badRequest(
              field + " must be 1-64 letters, digits, '.', '_', ':' or '-'")
          .with("field", field);
    }
  }

  private static void checkNodeUrl(String url) {
    try {
      URI uri = URI.create(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw PlatformProblem.badRequest("node '" + url + "' is not an http(s) URL")
          .with("field", "nodes");
    }
  }
}
