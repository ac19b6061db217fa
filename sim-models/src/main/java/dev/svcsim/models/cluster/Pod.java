package dev.svcsim.models.cluster;

import dev.svcsim.models.net.Ipv4Address;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pod placed on a node, with its IP.
 *
 * @param owner the workload that created it ({@code deployment/ns/name}), or "" for a bare Pod
 * @param creationIndex the order in which pods were created (0, 1, ...), for "newest first"
 */
public record Pod(
    String namespace,
    String name,
    Map<String, String> labels,
    String nodeName,
    Ipv4Address ip,
    List<ContainerPort> ports,
    PodPerformance performance,
    String owner,
    int creationIndex) {

  public Pod {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(ip, "ip");
    ports = List.copyOf(ports);
    Objects.requireNonNull(performance, "performance");
    Objects.requireNonNull(owner, "owner");
  }

  /** {@code ns/name}. */
  public String key() {
    return namespace + "/" + name;
  }

  /** Whether the labels satisfy a selector (every key present with that value). */
  public boolean matches(Map<String, String> selector) {
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
