package dev.svcsim.models.scenario;

import java.util.Objects;

/** {@code spec.loadBalancer}: the provider and its health checks. */
public record LoadBalancerConfig(
    LoadBalancerProvider provider,
    long healthCheckIntervalNanos,
    int unhealthyThreshold,
    int healthyThreshold) {
  public LoadBalancerConfig {
    Objects.requireNonNull(provider, "provider");
    if (healthCheckIntervalNanos <= 0 || unhealthyThreshold < 1 || healthyThreshold < 1) {
      throw new IllegalArgumentException("health check interval and thresholds must be positive");
    }
  }
}
