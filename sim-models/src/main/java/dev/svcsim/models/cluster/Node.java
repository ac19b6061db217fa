package dev.svcsim.models.cluster;

import dev.svcsim.models.net.Ipv4Address;
import dev.svcsim.models.net.Ipv4Cidr;
import java.util.Map;
import java.util.Objects;

/**
 * A cluster node.
 *
 * @param name the node name, unique in the cluster
 * @param zone the value of label {@code topology.kubernetes.io/zone}, or "" when it has none
 * @param labels every label, including the zone and {@code kubernetes.io/hostname}
 * @param ip the node's InternalIP
 * @param podCidr the node's pod network (its pods' IPs come from it)
 */
public record Node(
    String name, String zone, Map<String, String> labels, Ipv4Address ip, Ipv4Cidr podCidr) {

  /** The well-known zone label. */
  public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

  /** The well-known hostname label, set on every node. */
  public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";

  public Node {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(zone, "zone");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(podCidr, "podCidr");
  }

  /** Whether this node's labels satisfy a nodeSelector (every key present with that value). */
  public boolean matches(Map<String, String> nodeSelector) {
    for (Map.Entry<String, String> e : nodeSelector.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
