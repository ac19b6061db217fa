package dev.svcsim.models.scenario;

import java.util.Objects;

/**
 * kube-proxy's configuration, the same on every node.
 *
 * @param syncDelayNanos time for an endpoint change to reach each node's rules
 * @param terminatingEndpointFallback whether kube-proxy falls back to serving-and-terminating
 *     endpoints when no Ready one is usable (the ProxyTerminatingEndpoints feature, GA in v1.28);
 *     false models kube-proxy before that feature
 */
public record KubeProxyConfig(
    ProxyMode mode,
    IpvsScheduler ipvsScheduler,
    boolean masqueradeAll,
    long syncDelayNanos,
    boolean terminatingEndpointFallback) {
  public KubeProxyConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(ipvsScheduler, "ipvsScheduler");
    if (syncDelayNanos < 0) {
      throw new IllegalArgumentException("syncDelayNanos must not be negative");
    }
  }

  /** A configuration with the terminating-endpoint fallback on, as kube-proxy has it today. */
  public KubeProxyConfig(
      ProxyMode mode, IpvsScheduler ipvsScheduler, boolean masqueradeAll, long syncDelayNanos) {
    this(mode, ipvsScheduler, masqueradeAll, syncDelayNanos, true);
  }
}
