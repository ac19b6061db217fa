package dev.svcsim.models.scenario;

import java.util.Objects;

/**
 * kube-proxy's configuration, the same on every node.
 *
 * @param syncDelayNanos time for an endpoint change to reach each node's rules
 */
public record KubeProxyConfig(
    ProxyMode mode, IpvsScheduler ipvsScheduler, boolean masqueradeAll, long syncDelayNanos) {
  public KubeProxyConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(ipvsScheduler, "ipvsScheduler");
    if (syncDelayNanos < 0) {
      throw new IllegalArgumentException("syncDelayNanos must not be negative");
    }
  }
}
