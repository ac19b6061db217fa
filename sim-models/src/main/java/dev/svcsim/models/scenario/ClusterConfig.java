package dev.svcsim.models.scenario;

import dev.svcsim.models.net.Ipv4Cidr;
import dev.svcsim.models.net.PortRange;
import java.util.Objects;

/** The cluster-wide settings of {@code spec.cluster}. */
public record ClusterConfig(
    Ipv4Cidr serviceCidr,
    Ipv4Cidr podCidr,
    Ipv4Cidr nodeCidr,
    PortRange nodePortRange,
    KubeProxyConfig kubeProxy,
    long nodeMonitorGracePeriodNanos,
    NetworkConfig network) {
  public ClusterConfig {
    Objects.requireNonNull(serviceCidr, "serviceCidr");
    Objects.requireNonNull(podCidr, "podCidr");
    Objects.requireNonNull(nodeCidr, "nodeCidr");
    Objects.requireNonNull(nodePortRange, "nodePortRange");
    Objects.requireNonNull(kubeProxy, "kubeProxy");
    Objects.requireNonNull(network, "network");
  }
}
