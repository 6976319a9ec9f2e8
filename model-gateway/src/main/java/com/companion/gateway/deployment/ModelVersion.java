package com.companion.gateway.deployment;

import java.util.List;
import java.util.Map;

/**
 * One deployed version of a model alias and where its nodes are.
 *
 * @param nodes static node base URLs
 * @param dnsName a name whose address records are all the nodes (a headless Service), or null
 * @param dnsPort the nodes' port behind {@code dnsName}
 * @param sampling sampling settings this version pins, in the node's parameter names, overriding
 *     what the caller asked for (see {@link VersionSampling}); empty for none
 */
public record ModelVersion(
    String alias,
    String version,
    List<String> nodes,
    String dnsName,
    Integer dnsPort,
    Map<String, Number> sampling) {

  public ModelVersion {
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
    sampling = sampling == null ? Map.of() : Map.copyOf(sampling);
  }

  public ModelVersion(
      String alias, String version, List<String> nodes, String dnsName, Integer dnsPort) {
    this(alias, version, nodes, dnsName, dnsPort, Map.of());
  }
}
