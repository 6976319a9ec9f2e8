package com.companion.gateway.deployment;

import java.util.List;

/**
 * One deployed version of a model alias and where its nodes are.
 *
 * @param nodes static node base URLs
 * @param dnsName a name whose address records are all the nodes (a headless Service), or null
 * @param dnsPort the nodes' port behind {@code dnsName}
 */
public record ModelVersion(
    String alias, String version, List<String> nodes, String dnsName, Integer dnsPort) {

  public ModelVersion {
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
  }
}
